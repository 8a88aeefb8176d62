/**
 * Tensor encodings of ggml that the generator writes: F32 and F16 are plain little-endian arrays; Q8_0 is
 * blocks of 32 values, each an F16 scale followed by 32 signed bytes (34 bytes a block).
 */
export enum GgmlTensorType {
  F32 = 0,
  F16 = 1,
  Q8_0 = 8,
}

export const Q8_0_BLOCK = 32;
const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK;

export function tensorByteLength(type: GgmlTensorType, elements: number): number {
  switch (type) {
    case GgmlTensorType.F32:
      return elements * 4;
    case GgmlTensorType.F16:
      return elements * 2;
    case GgmlTensorType.Q8_0:
      if (elements % Q8_0_BLOCK !== 0)
        throw new Error(`Q8_0 needs a multiple of ${Q8_0_BLOCK} values, got ${elements}`);
      return (elements / Q8_0_BLOCK) * Q8_0_BLOCK_BYTES;
  }
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** IEEE 754 half precision bits of a number, rounded to nearest even (subnormals and infinities included). */
export function toHalfBits(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

/** Encodes values as a tensor of `type`. The host must be little-endian (every platform llama.cpp runs on). */
export function encodeTensor(type: GgmlTensorType, values: Float32Array): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('GGUF generation needs a little-endian host');
  const out = Buffer.alloc(tensorByteLength(type, values.length));
  switch (type) {
    case GgmlTensorType.F32:
      new Float32Array(out.buffer, out.byteOffset, values.length).set(values);
      return out;
    case GgmlTensorType.F16: {
      const halves = new Uint16Array(out.buffer, out.byteOffset, values.length);
      for (let i = 0; i < values.length; i++) halves[i] = toHalfBits(values[i]);
      return out;
    }
    case GgmlTensorType.Q8_0:
      encodeQ8_0(values, out);
      return out;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encodeQ8_0(values: Float32Array, out: Buffer): void {
  const bytes = new Int8Array(out.buffer, out.byteOffset, out.length);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  for (let block = 0, offset = 0; block < values.length; block += Q8_0_BLOCK, offset += Q8_0_BLOCK_BYTES) {
    let max = 0;
    for (let i = 0; i < Q8_0_BLOCK; i++) max = Math.max(max, Math.abs(values[block + i]));
    const scale = max / 127;
    const inverse = scale === 0 ? 0 : 1 / scale;
    view.setUint16(offset, toHalfBits(scale), true);
    for (let i = 0; i < Q8_0_BLOCK; i++) bytes[offset + 2 + i] = Math.round(values[block + i] * inverse);
  }
}

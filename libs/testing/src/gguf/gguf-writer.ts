import { open, rename, rm } from 'node:fs/promises';
import { GgmlTensorType, tensorByteLength } from './ggml-encoding';

/** Value types of GGUF metadata (GGUF v3). */
enum GgufValueType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

export type GgufMetadataValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: readonly number[] }
  | { type: 'f32[]'; value: readonly number[] };

export interface GgufTensorSpec {
  readonly name: string;
  /** ggml order: the first dimension is the innermost (contiguous) one. */
  readonly shape: readonly number[];
  readonly type: GgmlTensorType;
  /** Produces the encoded bytes when the tensor is written, so large models never sit in memory whole. */
  readonly data: () => Buffer;
}

export const GGUF_ALIGNMENT = 32;
const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3;

/** Accumulates little-endian bytes for the header part of the file. */
class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(value >>> 0);
    this.push(b);
  }
  i32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32LE(value | 0);
    this.push(b);
  }
  u64(value: number): void {
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  f32(value: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeFloatLE(value);
    this.push(b);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeValue(sink: ByteSink, entry: GgufMetadataValue): void {
  switch (entry.type) {
    case 'u32':
      sink.u32(GgufValueType.UINT32);
      sink.u32(entry.value);
      return;
    case 'i32':
      sink.u32(GgufValueType.INT32);
      sink.i32(entry.value);
      return;
    case 'f32':
      sink.u32(GgufValueType.FLOAT32);
      sink.f32(entry.value);
      return;
    case 'bool':
      sink.u32(GgufValueType.BOOL);
      sink.push(Buffer.from([entry.value ? 1 : 0]));
      return;
    case 'string':
      sink.u32(GgufValueType.STRING);
      sink.string(entry.value);
      return;
    case 'string[]':
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.STRING);
      sink.u64(entry.value.length);
      for (const item of entry.value) sink.string(item);
      return;
    case 'i32[]':
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.INT32);
      sink.u64(entry.value.length);
      for (const item of entry.value) sink.i32(item);
      return;
    case 'f32[]':
      sink.u32(GgufValueType.ARRAY);
      sink.u32(GgufValueType.FLOAT32);
      sink.u64(entry.value.length);
      for (const item of entry.value) sink.f32(item);
      return;
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/**
 * Writes a GGUF v3 file: header, metadata key/values, tensor infos, then each tensor's data aligned to
 * 32 bytes. The file is written under a temporary name and renamed into place, so a reader never sees a
 * half-written model (several test files may generate the same cached model at once).
 */
export async function writeGgufFile(
  filePath: string,
  metadata: ReadonlyArray<readonly [string, GgufMetadataValue]>,
  tensors: readonly GgufTensorSpec[],
): Promise<{ bytes: number }> {
  const header = new ByteSink();
  header.u32(GGUF_MAGIC);
  header.u32(GGUF_VERSION);
  header.u64(tensors.length);
  header.u64(metadata.length);
  for (const [key, value] of metadata) {
    header.string(key);
    writeValue(header, value);
  }
  let dataOffset = 0;
  const sizes: number[] = [];
  for (const tensor of tensors) {
    const elements = tensor.shape.reduce((a, b) => a * b, 1);
    const size = tensorByteLength(tensor.type, elements);
    header.string(tensor.name);
    header.u32(tensor.shape.length);
    for (const dim of tensor.shape) header.u64(dim);
    header.u32(tensor.type);
    header.u64(dataOffset);
    sizes.push(size);
    dataOffset = alignUp(dataOffset + size, GGUF_ALIGNMENT);
  }
  header.padTo(GGUF_ALIGNMENT);

  const temporary = `${filePath}.${process.pid}.${Date.now()}.tmp`;
  const file = await open(temporary, 'w');
  try {
    let written = 0;
    const headerBytes = header.toBuffer();
    await file.write(headerBytes);
    written += headerBytes.length;
    for (let i = 0; i < tensors.length; i++) {
      const bytes = tensors[i].data();
      if (bytes.length !== sizes[i]) {
        throw new Error(`tensor ${tensors[i].name}: produced ${bytes.length} bytes, expected ${sizes[i]}`);
      }
      await file.write(bytes);
      written += bytes.length;
      const padding = alignUp(written, GGUF_ALIGNMENT) - written;
      if (padding > 0 && i < tensors.length - 1) {
        await file.write(Buffer.alloc(padding));
        written += padding;
      }
    }
    await file.close();
    await rename(temporary, filePath);
    return { bytes: written };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

import { encodeTensor, GgmlTensorType } from './ggml-encoding';
import { writeGgufFile, type GgufMetadataValue, type GgufTensorSpec } from './gguf-writer';
import { headDimension, type ModelShape } from './model-shapes';
import { seededUniform } from './seeded-random';

export interface GenerateLoraOptions {
  /** The shape of the base model the adapter applies to. */
  readonly shape: ModelShape;
  readonly seed: number;
  /** Rank of the low-rank update; defaults to 4. */
  readonly rank?: number;
  /** Magnitude of the update; large enough by default to change a tiny model's greedy output. */
  readonly strength?: number;
}

/**
 * Writes a LoRA adapter GGUF (general.type "adapter", adapter.type "lora") with lora_a/lora_b pairs for
 * the attention query/value and feed-forward down projections of every layer. llama.cpp adds
 * (alpha / rank) * B·A to each weight; here alpha equals the rank, so the scale is the adapter's own.
 */
export async function generateLoraAdapter(
  filePath: string,
  options: GenerateLoraOptions,
): Promise<{ bytes: number }> {
  const { shape, seed } = options;
  const rank = options.rank ?? 4;
  const strength = options.strength ?? 1;
  const dim = shape.embeddingLength;
  const kvDim = headDimension(shape) * shape.headCountKv;
  const targets: Array<readonly [string, number, number]> = [];
  for (let layer = 0; layer < shape.blockCount; layer++) {
    targets.push([`blk.${layer}.attn_q.weight`, dim, dim]);
    targets.push([`blk.${layer}.attn_v.weight`, dim, kvDim]);
    targets.push([`blk.${layer}.ffn_down.weight`, shape.feedForwardLength, dim]);
  }
  /** `keepResidualZero`: leaves output 0 alone, the dimension the generated models steer sampling with. */
  const f32 = (
    name: string,
    inner: number,
    outer: number,
    scale: number,
    keepResidualZero = false,
  ): GgufTensorSpec => ({
    name,
    shape: [inner, outer],
    type: GgmlTensorType.F32,
    data: () => {
      const values = seededUniform(seed, name, inner * outer, scale);
      if (keepResidualZero) values.fill(0, 0, inner);
      return encodeTensor(GgmlTensorType.F32, values);
    },
  });
  const tensors: GgufTensorSpec[] = [];
  for (const [weight, inputs, outputs] of targets) {
    // A: [inputs, rank] maps the layer input down to the rank; B: [rank, outputs] maps it back up.
    tensors.push(f32(`${weight}.lora_a`, inputs, rank, 1 / Math.sqrt(inputs)));
    tensors.push(f32(`${weight}.lora_b`, rank, outputs, strength, weight.endsWith('ffn_down.weight')));
  }
  const metadata: Array<readonly [string, GgufMetadataValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.type', { type: 'string', value: 'adapter' }],
    ['general.name', { type: 'string', value: `${shape.name} LoRA` }],
    ['general.alignment', { type: 'u32', value: 32 }],
    ['adapter.type', { type: 'string', value: 'lora' }],
    ['adapter.lora.alpha', { type: 'f32', value: rank }],
  ];
  return writeGgufFile(filePath, metadata, tensors);
}

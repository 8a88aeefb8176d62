import { buildByteVocabulary, CHATML_TEMPLATE, type ByteVocabulary } from './byte-vocabulary';
import { encodeTensor, GgmlTensorType } from './ggml-encoding';
import { writeGgufFile, type GgufMetadataValue, type GgufTensorSpec } from './gguf-writer';
import { headDimension, type ModelShape } from './model-shapes';
import { seededUniform } from './seeded-random';

export type WeightType = 'f32' | 'f16' | 'q8_0';

export interface GenerateModelOptions {
  readonly shape: ModelShape;
  readonly seed: number;
  readonly weightType: WeightType;
  /** Written to `general.name`; defaults to the shape's name. */
  readonly name?: string;
}

const TENSOR_TYPES: Record<WeightType, GgmlTensorType> = {
  f32: GgmlTensorType.F32,
  f16: GgmlTensorType.F16,
  q8_0: GgmlTensorType.Q8_0,
};

/** llama.cpp's `general.file_type` (LLAMA_FTYPE_*) for each weight type. */
const FILE_TYPES: Record<WeightType, number> = { f32: 0, f16: 1, q8_0: 7 };

/** Recorded in each generated file. */
const GENERATOR_FORMAT = 1;

type Metadata = Array<readonly [string, GgufMetadataValue]>;

function modelMetadata(options: GenerateModelOptions, vocabulary: ByteVocabulary): Metadata {
  const { shape } = options;
  const special = vocabulary.specialIds;
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.type', { type: 'string', value: 'model' }],
    ['general.name', { type: 'string', value: options.name ?? shape.name }],
    ['general.file_type', { type: 'u32', value: FILE_TYPES[options.weightType] }],
    ['general.alignment', { type: 'u32', value: 32 }],
    // Lets the engine tell a generated (demo/test) model from a real one.
    ['cria.generator', { type: 'string', value: `@cria/testing gguf v${GENERATOR_FORMAT}` }],
    ['cria.seed', { type: 'u32', value: options.seed }],
    ['llama.vocab_size', { type: 'u32', value: shape.vocabularySize }],
    ['llama.context_length', { type: 'u32', value: shape.contextLength }],
    ['llama.embedding_length', { type: 'u32', value: shape.embeddingLength }],
    ['llama.block_count', { type: 'u32', value: shape.blockCount }],
    ['llama.feed_forward_length', { type: 'u32', value: shape.feedForwardLength }],
    ['llama.attention.head_count', { type: 'u32', value: shape.headCount }],
    ['llama.attention.head_count_kv', { type: 'u32', value: shape.headCountKv }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: headDimension(shape) }],
    ['llama.rope.freq_base', { type: 'f32', value: shape.ropeFreqBase }],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'default' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocabulary.tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: vocabulary.tokenTypes }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: vocabulary.merges }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: special['<s>'] }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: special['</s>'] }],
    ['tokenizer.ggml.eot_token_id', { type: 'u32', value: special['<|im_end|>'] }],
    ['tokenizer.ggml.padding_token_id', { type: 'u32', value: special['</s>'] }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }],
  ];
}

/** Size of the constant component every token embedding carries in hidden dimension 0. */
const STEERING = 6;

/**
 * Weights are uniform noise scaled like a real initialisation (1/sqrt(fan-in)), norms are 1. Hidden
 * dimension 0 steers sampling: input embeddings carry +STEERING there (with tied embeddings, -STEERING for
 * tokens the model may not produce) and no layer writes to it, so after a producible token the final hidden
 * state is always strongly positive in it, and each output row has +1 there for tokens the model may produce and -1 (with
 * nothing else) for the rest. The model thus writes printable ASCII only (valid UTF-8, readable gibberish,
 * JSON-grammar friendly) and never ends a reply by itself: replies run to maxTokens or until a grammar
 * completes, which keeps token counts in tests and benchmarks exact and deterministic.
 */
function modelTensors(options: GenerateModelOptions, vocabulary: ByteVocabulary): GgufTensorSpec[] {
  const { shape, seed } = options;
  const type = TENSOR_TYPES[options.weightType];
  const dim = shape.embeddingLength;
  const kvDim = headDimension(shape) * shape.headCountKv;
  const ff = shape.feedForwardLength;
  const vocab = shape.vocabularySize;

  /** `intoResidual` matrices write into the residual stream; their output 0 is zero so dimension 0 stays put. */
  const matrix = (name: string, inputs: number, outputs: number, intoResidual = false): GgufTensorSpec => ({
    name,
    shape: [inputs, outputs],
    type,
    data: () => {
      const values = seededUniform(seed, name, inputs * outputs, 1 / Math.sqrt(inputs));
      if (intoResidual) values.fill(0, 0, inputs);
      return encodeTensor(type, values);
    },
  });
  const norm = (name: string): GgufTensorSpec => ({
    name,
    shape: [dim],
    type: GgmlTensorType.F32,
    data: () => encodeTensor(GgmlTensorType.F32, new Float32Array(dim).fill(1)),
  });
  /** Rows of [dim] per token; `input` rows feed the model, output rows score the next token (tied: both). */
  const embeddings = (name: string, scale: number, role: 'input' | 'output' | 'tied'): GgufTensorSpec => ({
    name,
    shape: [dim, vocab],
    type,
    data: () => {
      const values = seededUniform(seed, name, dim * vocab, scale);
      for (let id = 0; id < vocab; id++) {
        const row = id * dim;
        const allowed = vocabulary.generatable[id];
        if (!allowed && role !== 'input') values.fill(0, row, row + dim);
        if (role === 'input') values[row] = STEERING;
        else if (role === 'output') values[row] = allowed ? 1 : -1;
        else values[row] = allowed ? STEERING : -STEERING;
      }
      return encodeTensor(type, values);
    },
  });

  const tensors: GgufTensorSpec[] = [
    embeddings('token_embd.weight', 1, shape.tiedEmbeddings ? 'tied' : 'input'),
  ];
  for (let layer = 0; layer < shape.blockCount; layer++) {
    const blk = `blk.${layer}`;
    tensors.push(
      norm(`${blk}.attn_norm.weight`),
      matrix(`${blk}.attn_q.weight`, dim, dim),
      matrix(`${blk}.attn_k.weight`, dim, kvDim),
      matrix(`${blk}.attn_v.weight`, dim, kvDim),
      matrix(`${blk}.attn_output.weight`, dim, dim, true),
      norm(`${blk}.ffn_norm.weight`),
      matrix(`${blk}.ffn_gate.weight`, dim, ff),
      matrix(`${blk}.ffn_up.weight`, dim, ff),
      matrix(`${blk}.ffn_down.weight`, ff, dim, true),
    );
  }
  // Random signs on the final norm: with tied embeddings the last token's own embedding would otherwise
  // dominate its logits and the model would repeat it forever. Dimension 0 keeps +1 (steering).
  tensors.push({
    name: 'output_norm.weight',
    shape: [dim],
    type: GgmlTensorType.F32,
    data: () => {
      const signs = seededUniform(seed, 'output_norm.weight', dim, 1).map((value) => (value < 0 ? -1 : 1));
      signs[0] = 1;
      return encodeTensor(GgmlTensorType.F32, signs);
    },
  });
  if (!shape.tiedEmbeddings) tensors.push(embeddings('output.weight', 1 / Math.sqrt(dim), 'output'));
  return tensors;
}

/** Writes a llama-architecture GGUF with deterministic weights for (shape, seed, weight type). */
export async function generateModel(
  filePath: string,
  options: GenerateModelOptions,
): Promise<{ bytes: number }> {
  const vocabulary = buildByteVocabulary(options.shape.vocabularySize);
  return writeGgufFile(filePath, modelMetadata(options, vocabulary), modelTensors(options, vocabulary));
}

/** Hyper-parameters of a llama-architecture model. */
export interface ModelShape {
  readonly name: string;
  readonly embeddingLength: number;
  readonly blockCount: number;
  readonly headCount: number;
  readonly headCountKv: number;
  readonly feedForwardLength: number;
  readonly vocabularySize: number;
  readonly contextLength: number;
  readonly ropeFreqBase: number;
  readonly tiedEmbeddings: boolean;
}

export type ModelShapeName = 'tiny' | 'demo' | 'smollm2-135m' | 'qwen2.5-0.5b';

export const MODEL_SHAPES: Readonly<Record<ModelShapeName, ModelShape>> = {
  /** For tests: loads and runs in milliseconds; generation is deterministic gibberish. */
  tiny: {
    name: 'Cria Tiny Test',
    embeddingLength: 64,
    blockCount: 2,
    headCount: 4,
    headCountKv: 2,
    feedForwardLength: 128,
    vocabularySize: 260,
    contextLength: 4096,
    ropeFreqBase: 10000,
    tiedEmbeddings: false,
  },
  /** The model `npm start` serves when no MODEL_PATH is set: still tiny, a little wider. */
  demo: {
    name: 'Cria Demo',
    embeddingLength: 128,
    blockCount: 4,
    headCount: 4,
    headCountKv: 2,
    feedForwardLength: 384,
    vocabularySize: 260,
    contextLength: 8192,
    ropeFreqBase: 10000,
    tiedEmbeddings: false,
  },
  /** SmolLM2-135M's real shape, so that its speed is realistic (for benchmarks). */
  'smollm2-135m': {
    name: 'Cria SmolLM2-135M Shape',
    embeddingLength: 576,
    blockCount: 30,
    headCount: 9,
    headCountKv: 3,
    feedForwardLength: 1536,
    vocabularySize: 49152,
    contextLength: 8192,
    ropeFreqBase: 100000,
    tiedEmbeddings: true,
  },
  /** Qwen2.5-0.5B's shape on the llama architecture (no attention biases), for heavier benchmarks. */
  'qwen2.5-0.5b': {
    name: 'Cria Qwen2.5-0.5B Shape',
    embeddingLength: 896,
    blockCount: 24,
    headCount: 14,
    headCountKv: 2,
    feedForwardLength: 4864,
    vocabularySize: 151936,
    contextLength: 32768,
    ropeFreqBase: 1000000,
    tiedEmbeddings: true,
  },
};

export function headDimension(shape: ModelShape): number {
  return shape.embeddingLength / shape.headCount;
}

import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { InferenceCancelledError, InferenceNotReadyError } from './inference.errors';
import type { EmbedOptions } from './inference.types';

/**
 * Embeddings from an embedding context of the embedding model (the chat model unless configured). The
 * context is created on the first call (deployments without knowledge bases never pay for its memory) and
 * evaluates one input at a time, so calls are serialised; inputs longer than the context keep their first
 * tokens.
 */
export class EmbeddingService {
  private tail: Promise<unknown> = Promise.resolve();
  private context: LlamaEmbeddingContext | undefined;
  private disposed = false;
  private readonly contextSize: number;

  constructor(
    private readonly model: LlamaModel,
    private readonly options: { threads: number; contextSize?: number },
  ) {
    this.contextSize = Math.min(model.trainContextSize, options.contextSize ?? 2048);
  }

  get dimension(): number {
    return this.model.embeddingVectorSize;
  }

  embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    const run = this.tail.then(() => this.embedNow(texts, options));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.tail;
    await this.context?.dispose();
  }

  private async embeddingContext(): Promise<LlamaEmbeddingContext> {
    if (this.disposed) throw new InferenceNotReadyError('stopped');
    this.context ??= await this.model.createEmbeddingContext({
      contextSize: this.contextSize,
      batchSize: this.contextSize,
      threads: this.options.threads,
    });
    return this.context;
  }

  private async embedNow(texts: readonly string[], options: EmbedOptions): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const text of texts) {
      if (options.signal?.aborted) throw new InferenceCancelledError('running');
      const tokens = this.model.tokenize(text === '' ? ' ' : text).slice(0, this.contextSize - 2);
      const context = await this.embeddingContext();
      const embedding = await context.getEmbeddingFor(tokens);
      const vector = [...embedding.vector];
      vectors.push(options.normalize === false ? vector : normalize(vector));
    }
    return vectors;
  }
}

function normalize(vector: number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

import { Logger } from '@nestjs/common';
import type { LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { InferenceRequestError } from './inference.errors';
import { SequencePool, type SlotLease } from './sequence-pool';

export interface LoraPoolOptions {
  /** Adapter contexts kept at once (LRU). */
  readonly maxContexts: number;
  readonly sequencesPerContext: number;
  readonly contextSize: number;
  readonly threads: number;
  readonly batchSize?: number;
}

interface AdapterEntry {
  readonly adapterPath: string;
  pool?: SequencePool;
  error?: Error;
  lastUsed: number;
}

export type LoraAcquireResult =
  { readonly lease: SlotLease; readonly pool: SequencePool } | { readonly error: Error };

/**
 * LoRA adapters apply to a whole context in llama.cpp, so each adapter gets its own small context (base
 * weights shared, only its KV cache and adapter tensors are extra). A few are kept, least recently used
 * evicted when idle; requests without an adapter never touch these and keep batching on the base pool.
 */
export class LoraPool {
  private readonly logger = new Logger('Inference');
  private readonly entries = new Map<string, AdapterEntry>();
  private clock = 0;
  private disposed = false;

  constructor(
    private readonly model: LlamaModel,
    private readonly options: LoraPoolOptions,
    /** Called when an adapter context finished loading (or failed), so waiting requests can be retried. */
    private readonly onChange: () => void,
  ) {}

  get loadedAdapters(): string[] {
    return [...this.entries.values()].filter((entry) => entry.pool).map((entry) => entry.adapterPath);
  }

  /** A lease on the adapter's context, an error if it cannot load, or undefined while it loads or is busy. */
  tryAcquire(adapterPath: string, conversationKey: string | undefined): LoraAcquireResult | undefined {
    const entry = this.entries.get(adapterPath);
    if (entry?.error) {
      this.entries.delete(adapterPath);
      return { error: entry.error };
    }
    if (entry) {
      if (!entry.pool) return undefined;
      const lease = entry.pool.tryAcquire(conversationKey);
      if (!lease) return undefined;
      entry.lastUsed = ++this.clock;
      return { lease, pool: entry.pool };
    }
    if (this.entries.size >= this.options.maxContexts && !this.evictIdle()) return undefined;
    this.load(adapterPath);
    return undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const pools = [...this.entries.values()].flatMap((entry) => (entry.pool ? [entry.pool] : []));
    this.entries.clear();
    await Promise.allSettled(pools.map((pool) => pool.dispose()));
  }

  private load(adapterPath: string): void {
    const entry: AdapterEntry = { adapterPath, lastUsed: ++this.clock };
    this.entries.set(adapterPath, entry);
    SequencePool.create(this.model, {
      lanes: 1,
      sequencesPerLane: this.options.sequencesPerContext,
      contextSize: this.options.contextSize,
      threadsPerLane: this.options.threads,
      batchSize: this.options.batchSize,
      loraAdapter: adapterPath,
    }).then(
      (pool) => {
        if (this.disposed || this.entries.get(adapterPath) !== entry) {
          void pool.dispose();
          return;
        }
        entry.pool = pool;
        this.logger.log({ adapterPath }, 'LoRA adapter loaded');
        this.onChange();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        entry.error = new InferenceRequestError(`cannot load LoRA adapter ${adapterPath}: ${reason}`, {
          adapterPath,
        });
        this.onChange();
      },
    );
  }

  /** Frees room by disposing the least recently used adapter context that is not in use. */
  private evictIdle(): boolean {
    const idle = [...this.entries.values()]
      .filter((entry) => entry.pool?.isIdle())
      .sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!idle?.pool) return false;
    this.entries.delete(idle.adapterPath);
    const pool = idle.pool;
    pool
      .dispose()
      .catch((error: unknown) =>
        this.logger.warn({ err: error, adapterPath: idle.adapterPath }, 'disposing a LoRA context failed'),
      );
    return true;
  }
}

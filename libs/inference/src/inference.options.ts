import { availableCores } from '@cria/core';

/** The one definition of the cores this process may use lives in core (config validation uses it too). */
export { availableCores };

export type GpuOption = 'auto' | 'cuda' | 'vulkan' | 'metal' | false;

export interface SchedulerOptions {
  /** Requests waiting across all tenants before new ones are refused (default 1000). */
  readonly maxQueued?: number;
  /** Requests one tenant may have waiting (default 100). */
  readonly maxQueuedPerTenant?: number;
  /**
   * Requests of one tenant generating at once (default: every sequence but one, so that another tenant
   * finds a free sequence even while one tenant floods the queue).
   */
  readonly maxRunningPerTenant?: number;
  /** Share of tokens per tenant (default 1 each). */
  readonly tenantWeights?: Readonly<Record<string, number>>;
  /** Applies when a request sets no timeout (default 120 s). */
  readonly defaultTimeoutMs?: number;
}

export interface ToolOptions {
  /** Lets tools call private, loopback and link-local addresses (off by default: SSRF protection). */
  readonly allowPrivateToolHosts?: boolean;
  /** Tool calls per reply (default 3). */
  readonly maxToolCallsPerReply?: number;
  /** Default HTTP timeout of a tool call (10 s). */
  readonly defaultTimeoutMs?: number;
  /** Bytes of a tool's response given back to the model (default 8 KiB). */
  readonly maxResponseBytes?: number;
}

export interface InferenceModuleOptions {
  /** GGUF of the chat model; the caller passes the demo model's path when none is configured. */
  readonly modelPath: string | undefined;
  /** GGUF for embeddings; defaults to the chat model. */
  readonly embeddingModelPath?: string;
  /** Marks the model as the generated demo model (also detected from the file's metadata). */
  readonly isDemoModel?: boolean;
  /** CPU threads inference may use in all; never more than the cores available (default: every core up to 3, one fewer on bigger machines; see planThreads). */
  readonly threads?: number;
  readonly gpu?: GpuOption;
  /** Contexts evaluating in parallel (default: from the thread plan, 1 on a GPU). */
  readonly lanes?: number;
  /** Sequences in all (default: 2 per lane on a CPU, 8 on a GPU); also the number of warm conversations kept. */
  readonly sequences?: number;
  /** Tokens per sequence (default: the model's training context, at most 4096, shrunk to fit memory). */
  readonly contextSize?: number;
  readonly batchSize?: number;
  /** Adapter contexts kept loaded (default 2). */
  readonly loraContexts?: number;
  /** Sequences per adapter context (default 1). */
  readonly loraSequences?: number;
  /** Reply length when a request sets none (default 256). */
  readonly defaultMaxTokens?: number;
  readonly scheduler?: SchedulerOptions;
  readonly tools?: ToolOptions;
  /** Most llama.cpp log lines are noise; 'warn' by default. */
  readonly llamaLogLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export const INFERENCE_OPTIONS = Symbol('INFERENCE_OPTIONS');

export interface ThreadPlan {
  /** Threads in all (lanes × threadsPerLane), never above the available cores. */
  readonly threads: number;
  readonly lanes: number;
  readonly threadsPerLane: number;
}

/**
 * How CPU threads are spent. Measured on a 2-core box (SmolLM2-135M shape, Q8_0): one context at 2 threads
 * generated 5–45 tok/s, at 1 thread 40–90 tok/s (llama.cpp's threads wait for each other at every step, and
 * on a box this small one of them keeps losing its core to the Node event loop), while two contexts at 1
 * thread each, evaluating in parallel, reached 117–160 tok/s in all. So:
 * - up to 3 cores, every core gets its own single-threaded lane (a context evaluating in parallel);
 * - on bigger machines one core is left to the event loop, and lanes get up to 4 threads each, which keeps
 *   one request fast and still runs several side by side;
 * - on a GPU, one lane batches every sequence.
 * An explicit `threads` (LLAMA_THREADS) is the budget, capped at the cores available.
 */
export function planThreads(
  options: { threads?: number; lanes?: number; gpu: boolean },
  cores = availableCores(),
): ThreadPlan {
  const fallback = cores <= 3 ? cores : cores - 1;
  const budget = Math.min(cores, Math.max(1, Math.floor(options.threads ?? fallback)));
  const defaultLanes = options.gpu ? 1 : budget <= 3 ? budget : Math.ceil(budget / 4);
  const lanes = Math.min(budget, Math.max(1, Math.floor(options.lanes ?? defaultLanes)));
  const threadsPerLane = Math.max(1, Math.floor(budget / lanes));
  return { threads: lanes * threadsPerLane, lanes, threadsPerLane };
}

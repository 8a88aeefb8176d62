import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { runChat } from './chat/chat-runner';
import { toChatFunctions } from './chat/chat-functions';
import { EventStream } from './chat/event-stream';
import { checkAdapter, conversationKey, promptWindow } from './chat/prompt-window';
import { WindowAnchors } from './chat/window-anchors';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { createEngineScheduler, type EngineScheduler, type Lease } from './engine-scheduler';
import {
  InferenceCancelledError,
  InferenceNotReadyError,
  InferenceRequestError,
  InferenceTimeoutError,
} from './inference.errors';
import type { InferenceModuleOptions } from './inference.options';
import type {
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  EmbedOptions,
  EngineState,
  EngineStats,
  ModelInfo,
} from './inference.types';
import { InferenceMetrics, type RequestOutcome } from './metrics';
import type { Admission } from './scheduler/fair-scheduler';

interface Loaded {
  readonly runtime: EngineRuntime;
  readonly scheduler: EngineScheduler;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The shared local inference engine: one chat model, fair scheduling of every tenant's requests onto
 * batched sequences, warm conversation state, structured output, tool calls, embeddings and LoRA adapters.
 *
 * Construct it and call `start()` (or use InferenceModule, which starts it without holding up boot). Loading
 * never throws: a model that cannot load leaves the engine in state 'failed' with the reason, and requests
 * then fail with InferenceNotReadyError.
 */
export class InferenceEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Inference');
  private readonly metrics = new InferenceMetrics();
  private status: EngineState = { status: 'loading' };
  private loaded: Loaded | undefined;
  private starting: Promise<void> | undefined;
  private readonly anchors = new WindowAnchors();
  /** Requests generating now, so that shutdown can stop them before the contexts go away. */
  private readonly running = new Set<{ controller: AbortController; settled: Promise<void> }>();
  private readonly counters = {
    completed: 0,
    failed: 0,
    warmHits: 0,
    coldStarts: 0,
    promptTokensEvaluated: 0,
    promptTokensReused: 0,
    tokensOut: 0,
  };

  constructor(private readonly options: InferenceModuleOptions) {}

  /** Creates an engine and waits for it to finish loading (ready or failed). */
  static async create(options: InferenceModuleOptions): Promise<InferenceEngine> {
    const engine = new InferenceEngine(options);
    await engine.start();
    return engine;
  }

  onModuleInit(): void {
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispose();
  }

  /** Loads the model; resolves when ready or failed, never rejects. */
  start(): Promise<void> {
    this.starting ??= this.load();
    return this.starting;
  }

  /** Resolves when ready; throws InferenceNotReadyError with the reason otherwise. */
  async whenReady(): Promise<void> {
    await this.start();
    this.requireLoaded();
  }

  get state(): EngineState {
    return this.status;
  }

  modelInfo(): ModelInfo | undefined {
    return this.loaded?.runtime.info;
  }

  get embeddingDimension(): number {
    return this.requireLoaded().runtime.embeddings.dimension;
  }

  stats(): EngineStats {
    return {
      queued: this.loaded?.scheduler.queued ?? 0,
      running: this.loaded?.scheduler.running ?? 0,
      ...this.counters,
    };
  }

  /** Conversations whose evaluated state is kept on a sequence right now (tenant-scoped keys). */
  warmConversations(): string[] {
    return this.loaded?.runtime.pool.warmConversations() ?? [];
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    return this.requireLoaded().runtime.embeddings.embed(texts, options);
  }

  /** The playground's streaming form of `chat`: text events, then one 'done' event with the result. */
  chatStream(request: ChatRequest): AsyncIterableIterator<ChatStreamEvent> {
    const controller = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
    const stream = new EventStream<ChatStreamEvent>(() => controller.abort());
    this.chat({
      ...request,
      signal,
      onTextChunk: (text) => {
        request.onTextChunk?.(text);
        stream.push({ type: 'text', text });
      },
    }).then(
      (result) => {
        stream.push({ type: 'done', result });
        stream.end();
      },
      (error: unknown) => stream.fail(error),
    );
    return stream;
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const submittedAt = performance.now();
    const { runtime, scheduler } = this.requireLoaded();
    if (!request.tenantId) throw new InferenceRequestError('tenantId is required');
    if (request.responseSchema && request.tools?.length) {
      throw new InferenceRequestError('responseSchema and tools cannot be combined in one request');
    }
    const maxTokens = Math.max(1, Math.floor(request.maxTokens ?? this.options.defaultMaxTokens ?? 256));
    const adapter = request.loraAdapter ? await checkAdapter(request.loraAdapter) : undefined;
    const grammar = request.responseSchema ? await runtime.grammars.get(request.responseSchema) : undefined;
    const functions =
      request.tools?.length && request.toolChoice !== 'none' ? toChatFunctions(request.tools) : undefined;
    const window = promptWindow(runtime, request, maxTokens, functions, this.anchors);
    const timeoutMs = request.timeoutMs ?? this.options.scheduler?.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadlineAt = Math.min(Date.now() + timeoutMs, request.deadline ?? Infinity);
    const priority = request.priority ?? 'live';

    let admission: Admission<Lease>;
    try {
      admission = await scheduler.schedule({
        tenantId: request.tenantId,
        priority,
        cost: window.promptTokens + maxTokens,
        resource: { conversationKey: conversationKey(request), adapter },
        deadlineAt,
        timeoutMs,
        signal: request.signal,
      });
    } catch (error) {
      this.recordFailure(request.tenantId, error);
      throw error;
    }

    const controller = new AbortController();
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const running = { controller, settled };
    this.running.add(running);
    const onCallerAbort = () => controller.abort(new InferenceCancelledError('running'));
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(
      () => controller.abort(new InferenceTimeoutError('running', timeoutMs)),
      Math.max(0, deadlineAt - Date.now()),
    );
    let usedTokens = window.promptTokens;
    try {
      const lease = admission.lease;
      if ('error' in lease) throw lease.error;
      const startedAt = performance.now();
      let firstTokenAt: number | undefined;
      const output = await runChat({
        mod: runtime.mod,
        sequence: lease.slot.slot.sequence,
        wrapper: runtime.wrapper,
        forcedWrapper: runtime.forcedWrapper,
        items: window.items,
        priority,
        temperature: request.temperature ?? 0,
        topP: request.topP,
        topK: request.topK,
        seed: request.seed,
        maxTokens,
        stop: request.stop ?? [],
        grammar,
        schema: request.responseSchema,
        tools: request.tools ?? [],
        toolChoice: request.toolChoice ?? 'auto',
        maxToolCalls: request.maxToolCalls ?? this.options.tools?.maxToolCallsPerReply ?? 3,
        executor: runtime.executor,
        signal: controller.signal,
        onTextChunk: request.onTextChunk,
        onFirstToken: () => {
          firstTokenAt ??= performance.now();
        },
      });
      const finishedAt = performance.now();
      const extraInput = Math.max(0, output.tokensEvaluated - output.tokensEvaluatedFirstRound);
      const tokensIn = window.promptTokens + extraInput;
      const tokensReused = Math.max(0, window.promptTokens - output.tokensEvaluatedFirstRound);
      usedTokens = output.tokensEvaluated + output.tokensOut;
      this.countCompletion(request, lease.slot.warm, output.tokensEvaluated, tokensReused, output.tokensOut);
      const result: ChatResult = {
        text: output.text,
        json: output.json,
        repaired: output.repaired,
        finishReason: output.finishReason,
        tokensIn,
        tokensOut: output.tokensOut,
        tokensEvaluated: output.tokensEvaluated,
        tokensReused,
        ttftMs: Math.round((firstTokenAt ?? finishedAt) - submittedAt),
        totalMs: Math.round(finishedAt - submittedAt),
        queueWaitMs: admission.queueWaitMs,
        toolCalls: output.toolCalls,
        historyTurnsUsed: window.turnsUsed,
        historyTurnsDropped: window.turnsDropped,
        warm: lease.slot.warm,
        loraAdapter: adapter,
      };
      this.logger.debug(
        {
          tenantId: request.tenantId,
          conversationId: request.conversationId,
          priority,
          tokensIn,
          tokensOut: result.tokensOut,
          tokensReused,
          ttftMs: result.ttftMs,
          totalMs: result.totalMs,
          queueWaitMs: result.queueWaitMs,
          warm: result.warm,
        },
        'chat completed',
      );
      this.metrics.completed(request.tenantId, {
        tokensIn,
        tokensOut: output.tokensOut,
        ttftMs: result.ttftMs,
        generationMs: finishedAt - (firstTokenAt ?? startedAt),
        queueWaitMs: admission.queueWaitMs,
      });
      return result;
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      this.recordFailure(request.tenantId, reason);
      throw reason;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      admission.finish(usedTokens);
      this.running.delete(running);
      settle();
    }
  }

  async dispose(): Promise<void> {
    if (this.status.status === 'stopped') return;
    await this.starting;
    this.status = { status: 'stopped' };
    const loaded = this.loaded;
    this.loaded = undefined;
    if (!loaded) return;
    loaded.scheduler.close('engine stopped');
    for (const { controller } of this.running) controller.abort(new InferenceNotReadyError('stopped'));
    await Promise.all([...this.running].map(({ settled }) => settled));
    await loaded.runtime.dispose();
  }

  private async load(): Promise<void> {
    const modelPath = this.options.modelPath;
    if (!modelPath) {
      this.status = {
        status: 'failed',
        reason: 'no model configured (set MODEL_PATH or generate the demo model)',
      };
      this.logger.error({ reason: this.status.reason }, 'inference not available');
      return;
    }
    try {
      // A LoRA context finishing its load lets waiting requests start.
      const runtime = await createEngineRuntime({ ...this.options, modelPath }, () =>
        this.loaded?.scheduler.pump(),
      );
      const scheduler = createEngineScheduler(runtime, this.options.scheduler ?? {}, this.metrics);
      if (this.status.status === 'stopped') {
        await runtime.dispose();
        return;
      }
      this.loaded = { runtime, scheduler };
      this.status = { status: 'ready' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.status = { status: 'failed', reason };
      this.logger.error({ modelPath, reason }, 'inference not available');
    }
  }

  private requireLoaded(): Loaded {
    if (this.loaded && this.status.status === 'ready') return this.loaded;
    const { status, reason } = this.status;
    throw new InferenceNotReadyError(status === 'ready' ? 'loading' : status, reason);
  }

  private countCompletion(
    request: ChatRequest,
    warm: boolean,
    evaluated: number,
    reused: number,
    tokensOut: number,
  ): void {
    this.counters.completed++;
    this.counters.promptTokensEvaluated += evaluated;
    this.counters.promptTokensReused += reused;
    this.counters.tokensOut += tokensOut;
    if (request.conversationId) {
      if (warm) this.counters.warmHits++;
      else this.counters.coldStarts++;
    }
  }

  private recordFailure(tenantId: string, error: unknown): void {
    this.counters.failed++;
    const outcome: Exclude<RequestOutcome, 'ok'> =
      error instanceof InferenceTimeoutError
        ? 'timeout'
        : error instanceof InferenceCancelledError
          ? 'cancelled'
          : (error as { code?: unknown } | null)?.code === 'inference_busy'
            ? 'busy'
            : 'error';
    this.metrics.outcome(tenantId, outcome);
  }
}

import { AppException } from '@cria/core';

/** The model file could not be loaded; the engine reports state 'failed' with this as the reason. */
export class ModelLoadError extends AppException {
  readonly code = 'model_load_failed';
  readonly status = 503;

  constructor(
    readonly modelPath: string,
    readonly reason: string,
  ) {
    super(`cannot load model ${modelPath}: ${reason}`, { modelPath, reason });
  }
}

/** A request arrived while the engine is loading, failed or stopped. Retryable once the model is ready. */
export class InferenceNotReadyError extends AppException {
  readonly code = 'inference_not_ready';
  readonly status = 503;
  override readonly retryable: boolean;

  constructor(
    readonly state: 'loading' | 'failed' | 'stopped',
    reason?: string,
  ) {
    super(reason ? `inference is ${state}: ${reason}` : `inference is ${state}`, { state });
    this.retryable = state === 'loading';
  }
}

export type BusyReason = 'tenant_queue_full' | 'queue_full' | 'shutting_down';

/** Backpressure: the queue caps are reached. The caller should retry later (or tell the user to wait). */
export class InferenceBusyError extends AppException {
  readonly code = 'inference_busy';
  readonly status = 429;
  override readonly retryable = true;

  constructor(
    readonly reason: BusyReason,
    readonly tenantId: string,
  ) {
    super(`inference is busy (${reason}) for tenant ${tenantId}`, { reason, retryAfterSeconds: 1 });
  }
}

/** The request's deadline passed, either while queued or while generating (its sequence is freed). */
export class InferenceTimeoutError extends AppException {
  readonly code = 'inference_timeout';
  readonly status = 504;
  override readonly retryable = true;

  constructor(
    readonly phase: 'queued' | 'running',
    readonly timeoutMs: number,
  ) {
    super(`inference timed out after ${timeoutMs} ms while ${phase}`, { phase, timeoutMs });
  }
}

/** The caller aborted the request (its AbortSignal fired). */
export class InferenceCancelledError extends AppException {
  readonly code = 'inference_cancelled';
  readonly status = 499;

  constructor(readonly phase: 'queued' | 'running') {
    super(`inference request cancelled while ${phase}`, { phase });
  }
}

/** The request itself is unusable (bad history, prompt larger than the context, bad adapter path…). */
export class InferenceRequestError extends AppException {
  readonly code = 'inference_request_invalid';
  readonly status = 400;
}

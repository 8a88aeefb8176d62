import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';

/** Reuses a metric already on the default registry (several engines in one process, tests). */
function singleton<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export type RequestOutcome = 'ok' | 'busy' | 'timeout' | 'cancelled' | 'error';

/** Per-tenant inference metrics on prom-client's default registry (the api serves it at /metrics). */
export class InferenceMetrics {
  private readonly queued = singleton(
    'cria_inference_queued',
    () =>
      new Gauge({
        name: 'cria_inference_queued',
        help: 'Inference requests waiting for a sequence',
        labelNames: ['tenant'],
      }),
  );
  private readonly running = singleton(
    'cria_inference_running',
    () =>
      new Gauge({
        name: 'cria_inference_running',
        help: 'Inference requests generating',
        labelNames: ['tenant'],
      }),
  );
  private readonly tokensIn = singleton(
    'cria_inference_tokens_in_total',
    () =>
      new Counter({
        name: 'cria_inference_tokens_in_total',
        help: 'Prompt tokens read by the model',
        labelNames: ['tenant'],
      }),
  );
  private readonly tokensOut = singleton(
    'cria_inference_tokens_out_total',
    () =>
      new Counter({
        name: 'cria_inference_tokens_out_total',
        help: 'Tokens generated',
        labelNames: ['tenant'],
      }),
  );
  private readonly ttft = singleton(
    'cria_inference_ttft_seconds',
    () =>
      new Histogram({
        name: 'cria_inference_ttft_seconds',
        help: 'Time from submission to the first generated token',
        labelNames: ['tenant'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      }),
  );
  private readonly tokensPerSecond = singleton(
    'cria_inference_tokens_per_second',
    () =>
      new Histogram({
        name: 'cria_inference_tokens_per_second',
        help: 'Generation speed of a request (tokens out / generation time)',
        labelNames: ['tenant'],
        buckets: [1, 2, 5, 10, 20, 40, 80, 160, 320],
      }),
  );
  private readonly queueWait = singleton(
    'cria_inference_queue_wait_seconds',
    () =>
      new Histogram({
        name: 'cria_inference_queue_wait_seconds',
        help: 'Time a request waited for a sequence',
        labelNames: ['tenant'],
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      }),
  );
  private readonly requests = singleton(
    'cria_inference_requests_total',
    () =>
      new Counter({
        name: 'cria_inference_requests_total',
        help: 'Inference requests by outcome',
        labelNames: ['tenant', 'outcome'],
      }),
  );

  queuedDelta(tenant: string, delta: number): void {
    this.queued.inc({ tenant }, delta);
  }

  runningDelta(tenant: string, delta: number): void {
    this.running.inc({ tenant }, delta);
  }

  completed(
    tenant: string,
    sample: {
      tokensIn: number;
      tokensOut: number;
      ttftMs: number;
      generationMs: number;
      queueWaitMs: number;
    },
  ): void {
    this.tokensIn.inc({ tenant }, sample.tokensIn);
    this.tokensOut.inc({ tenant }, sample.tokensOut);
    this.ttft.observe({ tenant }, sample.ttftMs / 1000);
    this.queueWait.observe({ tenant }, sample.queueWaitMs / 1000);
    if (sample.generationMs > 0 && sample.tokensOut > 0) {
      this.tokensPerSecond.observe({ tenant }, (sample.tokensOut * 1000) / sample.generationMs);
    }
    this.requests.inc({ tenant, outcome: 'ok' });
  }

  outcome(tenant: string, outcome: Exclude<RequestOutcome, 'ok'>): void {
    this.requests.inc({ tenant, outcome });
  }
}

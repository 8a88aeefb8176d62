/**
 * Pipeline overhead without the model: webhook received → Graph API call for the reply, with a
 * zero-latency stand-in for the inference engine (used only here) behind the same interface, and no
 * burst window. Everything else is the real thing: api + worker in one process, Postgres, Redis, BullMQ.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { InferenceEngine, type ChatRequest, type ChatResult } from '@cria/inference';
import { FakeGraphApi, instantChatResult, whatsappTextPayload } from '@cria/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp } from '../../apps/api/src/bootstrap';
import { WorkerProcessorsModule } from '../../apps/worker/src/worker.module';
import { seedChannel } from '../../test/support/fixtures';
import { LogCapture, createTestEnv } from '../../test/support/test-env';

/** Answers at once: what remains of the latency is Cria's own. */
class InstantEngine {
  readonly state = { status: 'ready' as const };
  modelInfo(): undefined {
    return undefined;
  }
  async whenReady(): Promise<void> {}
  async chat(request: ChatRequest): Promise<ChatResult> {
    return instantChatResult(request);
  }
}

export interface OverheadResult {
  p50: number;
  p99: number;
  samples: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function measureOverhead(
  messages = Number(process.env.OVERHEAD_MESSAGES ?? 300),
): Promise<OverheadResult> {
  const graph = await FakeGraphApi.start();
  const env = await createTestEnv({
    META_APP_SECRET: 'bench',
    META_GRAPH_URL: graph.url,
    BURST_WINDOW_MS: '0',
    LOG_LEVEL: 'warn',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ApiModule.forRoot(env.config, {
        logger: { destination: new LogCapture(), level: 'warn' },
        imports: [WorkerProcessorsModule],
      }),
    ],
  })
    .overrideProvider(InferenceEngine)
    .useValue(new InstantEngine())
    .compile();
  const app = configureApiApp(
    moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, bodyParser: false }),
  );
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const channel = await seedChannel(env);
  const latencies: number[] = [];
  const answered: number[] = [];
  try {
    for (let i = 0; i < messages + 20; i += 1) {
      const from = String(33_600_000_000 + i);
      const delivery = whatsappTextPayload({ phoneNumberId: channel.externalId, from, text: `message ${i}` });
      const seen = graph.requests.length;
      const started = performance.now();
      const response = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        body: delivery.body,
        headers: delivery.headers('bench'),
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      if (i >= 20) answered.push(performance.now() - started);
      // Woken by the fake Graph API's own request event: no polling loop competing for the CPU.
      for (let count = seen + 1; ; count += 1) {
        const requests = await graph.waitForRequests(count, { timeoutMs: 30_000 });
        if (requests.slice(seen).some((r) => (r.body as { to?: string } | undefined)?.to === from)) break;
      }
      if (i >= 20) latencies.push(performance.now() - started); // the first 20 warm up JIT and pools
    }
    if (process.env.OVERHEAD_STAGES) {
      answered.sort((a, b) => a - b);
      console.log(`webhook answered: p50 ${percentile(answered, 50).toFixed(1)} ms`);
      const { Queue } = await import('bullmq');
      for (const name of ['inbound', 'turns']) {
        const queue = new Queue(name, { connection: { url: env.env.REDIS_URL }, prefix: env.redisPrefix });
        const jobs = await queue.getJobs(['completed'], 0, 1000);
        const wait = jobs
          .map((j) => (j.processedOn ?? 0) - j.timestamp - (j.opts.delay ?? 0))
          .sort((a, b) => a - b);
        const run = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)).sort((a, b) => a - b);
        console.log(
          `${name}: wait p50 ${percentile(wait, 50)} ms, run p50 ${percentile(run, 50)} ms (${jobs.length} jobs)`,
        );
        await queue.close();
      }
    }
  } finally {
    await app.close();
    await graph.close();
    await env.cleanup();
  }
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}

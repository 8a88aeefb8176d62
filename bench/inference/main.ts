/**
 * Inference benchmark on a generated model with SmolLM2-135M's real shape (Q8_0): the module against plain
 * node-llama-cpp, concurrency, thread choice, warm conversations and fairness. One run of each.
 *
 *   node --require ./scripts/register.js bench/inference/main.ts
 */
import os from 'node:os';
import { Logger } from '@nestjs/common';
import { availableCores, InferenceEngine, loadLlamaModule } from '@cria/inference';
import { ensureTestModel } from '@cria/testing';
import { fairness, moduleConcurrent, moduleSerial, warmUp, warmVersusCold } from './module-runner';
import { RawRunner, type Throughput } from './raw-runner';
import { longHistory } from './workloads';

const MAX_TOKENS = 48;
const FAIRNESS_MAX_TOKENS = 24;
const HISTORY_TOKENS = 1500;

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
const rate = (t: Throughput) =>
  `${round(t.tokensPerSecond, 1)} tok/s (${t.tokensOut} tokens in ${round(t.seconds)} s)`;

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const cores = availableCores();
  const modelPath = await ensureTestModel({ shape: 'smollm2-135m', weightType: 'q8_0', seed: 1 });
  const loadAtStart = os.loadavg()[0];
  console.log(
    `inference benchmark: ${modelPath}, ${cores} core(s) available, load average ${round(loadAtStart)}`,
  );

  // The module with its default settings (threads, lanes, sequences, context size).
  const engine = await InferenceEngine.create({ modelPath, gpu: false, llamaLogLevel: 'error' });
  const info = engine.modelInfo();
  if (!info) throw new Error(`engine not ready: ${engine.state.reason ?? engine.state.status}`);
  const threadsPerRequest = Math.max(1, Math.floor(info.threads / info.lanes));
  console.log(
    `module defaults: ${info.threads} thread(s), ${info.lanes} lane(s) of ${threadsPerRequest} thread(s), ${info.sequences} sequences × ${info.contextSize} tokens`,
  );
  await warmUp(engine);
  // RSS is sampled here, before plain node-llama-cpp loads its own copy of the model.
  const concurrent = await moduleConcurrent(engine, MAX_TOKENS);

  // Plain node-llama-cpp: the same 4 conversations serially at each thread count, the module's own thread
  // count last so that the module's serial run right after it sees the same machine.
  const mod = await loadLlamaModule();
  const raw = await RawRunner.create(mod, modelPath, cores);
  const rawByThreads = new Map<number, Throughput>();
  const defaultThreads = Math.min(threadsPerRequest, cores);
  const order = [
    ...Array.from({ length: cores }, (_, i) => cores - i).filter((t) => t !== defaultThreads),
    defaultThreads,
  ];
  for (const threads of order) rawByThreads.set(threads, await raw.serial(threads, MAX_TOKENS));
  const moduleSingle = await moduleSerial(engine, MAX_TOKENS);
  const history = longHistory(HISTORY_TOKENS, (text) => raw.model.tokenize(text).length);
  await raw.dispose();

  const warmCold = await warmVersusCold(engine, history, 32);
  const fair = await fairness(engine, FAIRNESS_MAX_TOKENS);
  await engine.dispose();

  const [bestThreads, bestRaw] = [...rawByThreads.entries()].sort(
    (a, b) => b[1].tokensPerSecond - a[1].tokensPerSecond,
  )[0];
  const rawAtDefault = rawByThreads.get(defaultThreads) ?? bestRaw;

  const moduleVsRaw = moduleSingle.tokensPerSecond / rawAtDefault.tokensPerSecond;
  const concurrentVsBestSerial = concurrent.tokensPerSecond / bestRaw.tokensPerSecond;
  const defaultThreadsVsBest = rawAtDefault.tokensPerSecond / bestRaw.tokensPerSecond;
  const warmVsCold = warmCold.warmMs / warmCold.coldMs;

  console.log('figures:');
  for (const [threads, result] of [...rawByThreads].sort((a, b) => a[0] - b[0]))
    line(`raw node-llama-cpp, serial, ${threads} thread(s)`, rate(result));
  line(`module, serial (${threadsPerRequest} thread per request)`, rate(moduleSingle));
  line('module, 4 concurrent conversations', rate(concurrent));
  line('module vs raw (same threads, serial)', `${round(moduleVsRaw)} (goal ≥ 0.95)`);
  line(
    `4 concurrent vs best serial (raw, ${bestThreads} thread(s))`,
    `${round(concurrentVsBestSerial)} (goal ≥ 1.2)`,
  );
  line(
    `default threads (${threadsPerRequest}/request) vs best (${bestThreads})`,
    `${round(defaultThreadsVsBest)} (goal ≥ 0.9)`,
  );
  line(
    `follow-up on a ${warmCold.historyTokens}-token history, warm`,
    `${warmCold.warmMs} ms (${warmCold.warmEvaluated} tokens evaluated)`,
  );
  line('the same, cold', `${warmCold.coldMs} ms (${warmCold.coldEvaluated} tokens evaluated)`);
  line('warm vs cold latency', `${round(warmVsCold)} (goal ≤ 0.3)`);
  line(
    'fairness: B waited',
    `${round(fair.bWaitMs, 0)} ms behind 50 of A; one request takes ${round(fair.meanServiceMs, 0)} ms`,
  );
  line('fairness: B wait in request times', `${round(fair.waitInRequests)} (goal ≤ 2)`);
  line('peak RSS, model loaded, 4 sequences busy', `${round(concurrent.peakRssMb, 0)} MB`);
  // Other work on the machine (load above the core count) makes every figure noisy.
  line(
    'load average at start / end',
    `${round(loadAtStart)} / ${round(os.loadavg()[0])} on ${cores} core(s)`,
  );
  console.log(
    `inference: module_vs_raw=${round(moduleVsRaw)} concurrent_vs_best_serial=${round(concurrentVsBestSerial)} ` +
      `default_threads_vs_best=${round(defaultThreadsVsBest)} warm_vs_cold=${round(warmVsCold)} ` +
      `fairness_wait_requests=${round(fair.waitInRequests)} rss_mb=${round(concurrent.peakRssMb, 0)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

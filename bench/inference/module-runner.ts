import type { ChatResult, ChatTurn, InferenceEngine } from '@cria/inference';
import type { Throughput } from './raw-runner';
import { ask, QUESTIONS, questionsFor, SYSTEM_PROMPT } from './workloads';

function throughput(results: readonly ChatResult[], seconds: number): Throughput {
  const tokensOut = results.reduce((sum, result) => sum + result.tokensOut, 0);
  return { tokensOut, seconds, tokensPerSecond: tokensOut / seconds };
}

export async function warmUp(engine: InferenceEngine): Promise<void> {
  await Promise.all(
    questionsFor('warm-up').map((question) =>
      engine.chat({
        tenantId: 'bench-warmup',
        system: SYSTEM_PROMPT,
        history: ask(question),
        maxTokens: 4,
      }),
    ),
  );
}

/** The 4 conversations one after the other through the module. */
export async function moduleSerial(engine: InferenceEngine, maxTokens: number): Promise<Throughput> {
  const started = performance.now();
  const results: ChatResult[] = [];
  for (const question of questionsFor('module serial')) {
    results.push(
      await engine.chat({ tenantId: 'bench', system: SYSTEM_PROMPT, history: ask(question), maxTokens }),
    );
  }
  return throughput(results, (performance.now() - started) / 1000);
}

/** The 4 conversations at once through the module; samples RSS while they run. */
export async function moduleConcurrent(
  engine: InferenceEngine,
  maxTokens: number,
): Promise<Throughput & { peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    const results = await Promise.all(
      questionsFor('module concurrent').map((question, i) =>
        engine.chat({
          tenantId: `bench-${i}`,
          conversationId: `c${i}`,
          system: SYSTEM_PROMPT,
          history: ask(question),
          maxTokens,
        }),
      ),
    );
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ...throughput(results, (performance.now() - started) / 1000), peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

export interface WarmCold {
  readonly historyTokens: number;
  readonly warmMs: number;
  readonly coldMs: number;
  readonly warmEvaluated: number;
  readonly coldEvaluated: number;
}

/** A follow-up turn of a ~1,500-token conversation: on its warm sequence vs evaluated from scratch. */
export async function warmVersusCold(
  engine: InferenceEngine,
  history: ChatTurn[],
  maxTokens: number,
): Promise<WarmCold> {
  const followUp: ChatTurn[] = [
    ...history,
    { role: 'assistant', content: 'we open at nine on saturday' },
    { role: 'user', content: 'thank you, see you then' },
  ];
  // The first turn puts the conversation on a sequence; the follow-up then only evaluates what is new.
  await engine.chat({
    tenantId: 'bench-warm',
    conversationId: 'long',
    system: SYSTEM_PROMPT,
    history,
    maxTokens,
  });
  const warm = await engine.chat({
    tenantId: 'bench-warm',
    conversationId: 'long',
    system: SYSTEM_PROMPT,
    history: followUp,
    maxTokens,
  });
  // Cold: the same prompt length with nothing of it on any sequence (a different system prompt first word).
  const cold = await engine.chat({
    tenantId: 'bench-cold',
    conversationId: 'long-cold',
    system: `Hello. ${SYSTEM_PROMPT}`,
    history: followUp,
    maxTokens,
  });
  return {
    historyTokens: warm.tokensIn,
    warmMs: warm.totalMs,
    coldMs: cold.totalMs,
    warmEvaluated: warm.tokensEvaluated,
    coldEvaluated: cold.tokensEvaluated,
  };
}

export interface Fairness {
  readonly bWaitMs: number;
  readonly meanServiceMs: number;
  readonly waitInRequests: number;
}

/** Tenant A floods 50 requests, then tenant B sends one: how long B waits, in request times. */
export async function fairness(engine: InferenceEngine, maxTokens: number): Promise<Fairness> {
  const flood = Array.from({ length: 50 }, (_, i) =>
    engine.chat({
      tenantId: 'tenant-a',
      system: SYSTEM_PROMPT,
      history: ask(`${QUESTIONS[i % QUESTIONS.length]} (${i})`),
      maxTokens,
    }),
  );
  const b = engine.chat({
    tenantId: 'tenant-b',
    system: SYSTEM_PROMPT,
    history: ask(QUESTIONS[0]),
    maxTokens,
  });
  const [results, bResult] = await Promise.all([Promise.all(flood), b]);
  const meanServiceMs =
    results.reduce((sum, result) => sum + (result.totalMs - result.queueWaitMs), 0) / results.length;
  return { bWaitMs: bResult.queueWaitMs, meanServiceMs, waitInRequests: bResult.queueWaitMs / meanServiceMs };
}

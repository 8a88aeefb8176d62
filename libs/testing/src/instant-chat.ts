import type { ChatRequest, ChatResult } from '@cria/inference';

/**
 * What a zero-latency stand-in for the inference engine answers (benchmarks of the pipeline's own cost,
 * tests that steer a turn): `text`, or the last history message echoed, with token counts and no timings.
 */
export function instantChatResult(request: ChatRequest, text?: string): ChatResult {
  const last = request.history[request.history.length - 1]?.content ?? '';
  return {
    text: text ?? `You said: ${last.slice(0, 40)}`,
    finishReason: 'stop',
    tokensIn: 10,
    tokensOut: 5,
    tokensEvaluated: 10,
    tokensReused: 0,
    ttftMs: 0,
    totalMs: 0,
    queueWaitMs: 0,
    toolCalls: [],
    historyTurnsUsed: request.history.length,
    historyTurnsDropped: 0,
    warm: false,
  };
}

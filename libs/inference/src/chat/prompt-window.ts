import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChatHistoryItem, ChatModelFunctions } from 'node-llama-cpp' with {
  'resolution-mode': 'import',
};
import type { EngineRuntime } from '../engine-runtime';
import { InferenceRequestError } from '../inference.errors';
import type { ChatRequest } from '../inference.types';
import { buildHistoryWindow, type HistoryWindow } from './history-window';
import type { WindowAnchors } from './window-anchors';

/** Tokens kept free between the prompt and the reply's maxTokens. */
const PROMPT_MARGIN_TOKENS = 16;

/** The key a conversation's warm state and window anchor are kept under (tenant-scoped). */
export function conversationKey(request: ChatRequest): string | undefined {
  return request.conversationId ? `${request.tenantId}/${request.conversationId}` : undefined;
}

/**
 * The history window of a request, counted with the model's own chat template and tokenizer (tool
 * documentation included), within the request's budget and what the sequence leaves after maxTokens.
 */
export function promptWindow(
  runtime: EngineRuntime,
  request: ChatRequest,
  maxTokens: number,
  functions: ChatModelFunctions | undefined,
  anchors: WindowAnchors,
): HistoryWindow {
  const contextSize = runtime.pool.contextSize;
  const budget = Math.min(
    request.historyTokenBudget ?? Infinity,
    contextSize - maxTokens - PROMPT_MARGIN_TOKENS,
  );
  if (budget <= 0) {
    throw new InferenceRequestError(
      `maxTokens ${maxTokens} leaves no room for a prompt in a ${contextSize}-token context`,
    );
  }
  const { model, wrapper } = runtime;
  const key = conversationKey(request);
  const window = buildHistoryWindow({
    anchor: anchors.get(key),
    system: request.system,
    summary: request.summary,
    history: request.history,
    budget,
    countTokens: (items: readonly ChatHistoryItem[]) =>
      wrapper
        .generateContextState({
          chatHistory: [...items, { type: 'model', response: [] }],
          availableFunctions: functions,
        })
        .contextText.tokenize(model.tokenizer).length,
    truncate: (text, tokens) => model.detokenize(model.tokenize(text).slice(0, tokens)),
  });
  anchors.set(key, window.anchor);
  return window;
}

/** Resolves a request's LoRA adapter path, refusing one that does not exist before it is queued. */
export async function checkAdapter(adapterPath: string): Promise<string> {
  const resolved = path.resolve(adapterPath);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isFile()) {
    throw new InferenceRequestError(`LoRA adapter ${resolved} does not exist`, { adapterPath: resolved });
  }
  return resolved;
}

import { createHash } from 'node:crypto';
import type { ChatHistoryItem } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { InferenceRequestError } from '../inference.errors';
import type { ChatTurn } from '../inference.types';

export interface HistoryWindowInput {
  readonly system?: string;
  readonly summary?: string;
  readonly history: readonly ChatTurn[];
  /** Tokens the rendered prompt may use. */
  readonly budget: number;
  /** Tokens of the prompt the chat template renders for these items (generation prompt included). */
  countTokens(items: readonly ChatHistoryItem[]): number;
  /** Keeps the first `tokens` tokens of a text. */
  truncate(text: string, tokens: number): string;
  /** Fingerprint of the turn the previous window of this conversation started at. */
  readonly anchor?: string;
}

export interface HistoryWindow {
  readonly items: ChatHistoryItem[];
  readonly promptTokens: number;
  readonly turnsUsed: number;
  readonly turnsDropped: number;
  readonly latestTruncated: boolean;
  /** Fingerprint of the window's first turn, to pass back as `anchor` on the conversation's next request. */
  readonly anchor: string | undefined;
}

export function systemText(system: string | undefined, summary: string | undefined): string | undefined {
  const parts = [
    system?.trim(),
    summary?.trim() ? `Summary of the earlier conversation:\n${summary.trim()}` : undefined,
  ];
  const text = parts.filter((part): part is string => Boolean(part)).join('\n\n');
  return text === '' ? undefined : text;
}

function toItems(system: string | undefined, turns: readonly ChatTurn[]): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = system === undefined ? [] : [{ type: 'system', text: system }];
  for (const turn of turns) {
    items.push(
      turn.role === 'user'
        ? { type: 'user', text: turn.content }
        : { type: 'model', response: [turn.content] },
    );
  }
  return items;
}

/** Drops assistant turns at the start of a window, since templates expect it to open with a user turn. */
function startAtUser(turns: readonly ChatTurn[]): ChatTurn[] {
  const first = turns.findIndex((turn) => turn.role === 'user');
  return first < 0 ? [] : turns.slice(first);
}

/** Identifies a turn across requests (the window's first turn is remembered per conversation). */
export function turnFingerprint(turn: ChatTurn): string {
  return createHash('sha1')
    .update(turn.role)
    .update('\0')
    .update(turn.content)
    .digest('base64url')
    .slice(0, 16);
}

/** When the history must be cut, it is cut to this share of the budget, leaving room for the next turns. */
const LOW_WATER = 0.7;

/**
 * Fits the conversation into the token budget: the system part (instructions and summary) is always
 * kept, then the newest turns that fit (found by binary search on the rendered token count, since the
 * template adds tokens of its own); the oldest turns are dropped. The latest user message is always kept,
 * cut to what is left if it alone is too long.
 *
 * Once a conversation outgrows the budget, the window is cut to 70% of it and its first turn becomes the
 * `anchor`; later requests keep starting at that anchor while it still fits. The prompt's prefix thus stays
 * the same for many turns, so the conversation's warm state keeps being reused instead of the window
 * sliding by one turn (and being evaluated again in full) on every message.
 */
export function buildHistoryWindow(input: HistoryWindowInput): HistoryWindow {
  const turns = input.history;
  const latest = turns.at(-1);
  if (!latest || latest.role !== 'user') {
    throw new InferenceRequestError('history must end with a user turn (the message to answer)');
  }
  const system = systemText(input.system, input.summary);
  const count = (kept: readonly ChatTurn[]) => input.countTokens(toItems(system, kept));
  const fixed = count([]);
  if (fixed >= input.budget) {
    throw new InferenceRequestError(
      `the system instructions alone take ${fixed} tokens, over the prompt budget of ${input.budget}`,
    );
  }
  const window = (kept: ChatTurn[], tokens = count(kept)): HistoryWindow => ({
    items: toItems(system, kept),
    promptTokens: tokens,
    turnsUsed: kept.length,
    turnsDropped: turns.length - kept.length,
    latestTruncated: false,
    anchor: kept[0] ? turnFingerprint(kept[0]) : undefined,
  });

  const all = startAtUser(turns);
  const allTokens = count(all);
  if (allTokens <= input.budget) return window(all, allTokens);

  if (input.anchor !== undefined) {
    const index = turns.findLastIndex(
      (turn) => turn.role === 'user' && turnFingerprint(turn) === input.anchor,
    );
    if (index > 0) {
      const anchored = turns.slice(index);
      const tokens = count(anchored);
      if (tokens <= input.budget) return window(anchored, tokens);
    }
  }

  const newest = (k: number) => startAtUser(turns.slice(turns.length - k));
  const latestTokens = count(newest(1));
  if (latestTokens > input.budget) {
    const keep = Math.max(1, latestTokens - fixed - (latestTokens - input.budget) - 8);
    const cut: ChatTurn = { role: 'user', content: input.truncate(latest.content, keep) };
    const items = toItems(system, [cut]);
    return {
      items,
      promptTokens: input.countTokens(items),
      turnsUsed: 1,
      turnsDropped: turns.length - 1,
      latestTruncated: true,
      anchor: undefined,
    };
  }
  const target = Math.max(latestTokens, Math.floor(input.budget * LOW_WATER));
  let low = 1;
  let high = turns.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (count(newest(mid)) <= target) low = mid;
    else high = mid - 1;
  }
  return window(newest(low));
}

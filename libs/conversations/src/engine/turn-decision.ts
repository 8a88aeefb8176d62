import { checkInput, mentionsPhrase, type AssistantConfig } from '@cria/assistants';

/** A customer message as a turn sees it. */
export interface TurnMessage {
  id: string;
  seq: number;
  type: string;
  content: string;
  isMedia: boolean;
}

export type TurnDecision =
  /** No bot message at all (an agent has the conversation, or the contact opted out). */
  | { kind: 'silent'; reason: 'human' | 'opted_out' }
  /** A fixed reply, no model involved. */
  | {
      kind: 'reply';
      text: string;
      reason: 'media_fallback' | 'input_blocked' | 'quota';
      guardrails?: unknown[];
    }
  | { kind: 'handover'; text: string; phrase: string }
  | { kind: 'opt_out'; text: string }
  | { kind: 'opt_in'; text: string }
  | { kind: 'infer' };

export interface TurnFacts {
  state: 'bot' | 'human' | 'closed';
  optedOut: boolean;
  overQuota: boolean;
  messages: TurnMessage[];
  config: AssistantConfig;
}

const RESUME_WORDS = ['start', 'unstop', 'resume'];

const normalise = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, '');

/**
 * What a turn does, decided from facts alone (deterministic, unit-tested): the order is the order of
 * precedence — an agent's conversation and an opted-out contact get nothing, STOP always works, a request
 * for a human is honoured before the quota, and only then does the model run.
 */
export function decideTurn(facts: TurnFacts): TurnDecision {
  const { config, messages } = facts;
  const texts = messages.filter((m) => !m.isMedia).map((m) => m.content);
  const last = normalise(messages[messages.length - 1]?.content ?? '');

  if (facts.optedOut) {
    return RESUME_WORDS.includes(last)
      ? { kind: 'opt_in', text: 'You will receive our replies again.' }
      : { kind: 'silent', reason: 'opted_out' };
  }
  if (facts.state === 'human') return { kind: 'silent', reason: 'human' };
  if (texts.some((text) => config.optOut.phrases.some((phrase) => normalise(text) === normalise(phrase)))) {
    return { kind: 'opt_out', text: config.optOut.confirmation };
  }
  for (const text of texts) {
    const phrase = mentionsPhrase(text, config.handover.phrases);
    if (phrase) return { kind: 'handover', text: config.handover.message, phrase };
  }
  for (const text of texts) {
    const verdict = checkInput(text, config);
    if (verdict.blocked)
      return {
        kind: 'reply',
        text: verdict.text,
        reason: 'input_blocked',
        guardrails: verdict.interventions,
      };
  }
  if (facts.overQuota) return { kind: 'reply', text: config.fallbackReplies.quota, reason: 'quota' };
  if (texts.length === 0)
    return { kind: 'reply', text: config.fallbackReplies.media, reason: 'media_fallback' };
  return { kind: 'infer' };
}

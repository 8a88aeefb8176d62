import type { AssistantConfig } from './assistant-config';

export interface GuardrailIntervention {
  rule: 'input_blocklist' | 'output_blocklist' | 'instructions_leak' | 'secret_leak' | 'max_length';
  action: 'blocked' | 'replaced' | 'truncated';
  detail?: string;
}

export interface GuardrailResult {
  /** The text to use (the original, a truncated one, or the assistant's blocked reply). */
  text: string;
  blocked: boolean;
  interventions: GuardrailIntervention[];
}

/** Longest free-form reply per channel (WhatsApp 4096 characters, Messenger 2000, Instagram 1000 bytes). */
export const CHANNEL_MAX_REPLY: Record<'whatsapp' | 'messenger' | 'instagram', number> = {
  whatsapp: 4096,
  messenger: 2000,
  instagram: 1000,
};

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A blocklist entry matches as a whole word or phrase, case- and accent-insensitively. */
function matches(text: string, entry: string): boolean {
  const needle = normalise(entry.trim());
  if (!needle) return false;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(normalise(text));
}

/** Checks a customer's message against the assistant's input blocklist. */
export function checkInput(text: string, config: AssistantConfig): GuardrailResult {
  const hit = config.guardrails.inputBlocklist.find((entry) => matches(text, entry));
  if (!hit) return { text, blocked: false, interventions: [] };
  return {
    text: config.guardrails.blockedReply,
    blocked: true,
    interventions: [{ rule: 'input_blocklist', action: 'blocked', detail: hit }],
  };
}

/** Word sequences of `length` words: the unit used to spot instructions repeated verbatim. */
function shingles(text: string, length: number): Set<string> {
  const words = normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + length <= words.length; i += 1) out.add(words.slice(i, i + length).join(' '));
  return out;
}

/**
 * Checks a generated reply: the output blocklist, verbatim disclosure of the instructions (12 consecutive
 * words of them) or of any secret the caller names (tool headers, tokens), and the channel's length
 * limit. Deterministic: the same reply always gets the same verdict, and each intervention is recorded.
 */
export function checkOutput(
  text: string,
  config: AssistantConfig,
  context: { channel: keyof typeof CHANNEL_MAX_REPLY; secrets?: string[] },
): GuardrailResult {
  const interventions: GuardrailIntervention[] = [];
  const blocked = (rule: GuardrailIntervention['rule'], detail?: string): GuardrailResult => ({
    text: config.guardrails.blockedReply,
    blocked: true,
    interventions: [...interventions, { rule, action: 'replaced', ...(detail ? { detail } : {}) }],
  });

  const hit = config.guardrails.outputBlocklist.find((entry) => matches(text, entry));
  if (hit) return blocked('output_blocklist', hit);

  for (const secret of context.secrets ?? []) {
    if (secret.length >= 8 && text.includes(secret)) return blocked('secret_leak');
  }

  const instructions = `${config.instructions}\n${config.persona}`;
  const WINDOW = 12;
  const reply = shingles(text, WINDOW);
  if (reply.size > 0) {
    for (const shingle of shingles(instructions, WINDOW)) {
      if (reply.has(shingle)) return blocked('instructions_leak');
    }
  }

  const limit = Math.min(config.guardrails.maxReplyChars ?? Infinity, CHANNEL_MAX_REPLY[context.channel]);
  let out = text.trim();
  const tooLong =
    context.channel === 'instagram' ? Buffer.byteLength(out, 'utf8') > limit : out.length > limit;
  if (tooLong) {
    out = truncate(out, limit, context.channel === 'instagram');
    interventions.push({ rule: 'max_length', action: 'truncated', detail: `limit ${limit}` });
  }
  return { text: out, blocked: false, interventions };
}

/** Cuts at the last sentence end (or word) that fits, adding an ellipsis. */
function truncate(text: string, limit: number, bytes: boolean): string {
  const size = (s: string) => (bytes ? Buffer.byteLength(s, 'utf8') : s.length);
  let cut = text;
  while (size(cut) + 1 > limit)
    cut = Array.from(cut)
      .slice(0, -Math.max(1, Math.ceil((size(cut) + 1 - limit) / 4)))
      .join('');
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  if (sentence > cut.length * 0.6) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** True when the message is one of the phrases as a whole word or phrase (e.g. "agent", "STOP"). */
export function mentionsPhrase(text: string, phrases: readonly string[]): string | undefined {
  return phrases.find((phrase) => matches(text, phrase));
}

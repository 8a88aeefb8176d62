/**
 * A GPT-2 style byte-level BPE vocabulary: the 256 bytes (in GPT-2's printable byte-to-unicode spelling),
 * optional merged tokens to reach a real model's vocabulary size, then the special tokens the chat
 * template needs. Every merge joins two tokens that already exist, so llama.cpp's BPE can apply them.
 */
export const SPECIAL_TOKENS = ['<s>', '</s>', '<|im_start|>', '<|im_end|>'] as const;
export type SpecialToken = (typeof SPECIAL_TOKENS)[number];

/** GGUF tokenizer.ggml.token_type values. */
const TOKEN_TYPE_NORMAL = 1;
const TOKEN_TYPE_CONTROL = 3;

export interface ByteVocabulary {
  readonly tokens: string[];
  readonly tokenTypes: number[];
  readonly merges: string[];
  readonly specialIds: Record<SpecialToken, number>;
  /** Tokens the generated model may produce: printable ASCII, newline and merged words (never specials or stray bytes). */
  readonly generatable: boolean[];
}

/** GPT-2's bytes_to_unicode: printable bytes keep their character, the others move to U+0100 and up. */
export function byteToUnicode(): string[] {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = [];
  let next = 0;
  for (let b = 0; b < 256; b++) table[b] = String.fromCharCode(printable(b) ? b : 256 + next++);
  return table;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** Merged tokens in rank order: "ab", then "Ġa", then longer words built one letter at a time. */
function* mergeCandidates(space: string): Generator<readonly [string, string], void> {
  let previous: string[] = [...LETTERS];
  for (;;) {
    const grown: string[] = [];
    for (const left of previous) for (const letter of LETTERS) grown.push(left + letter);
    for (const word of grown) yield [word.slice(0, -1), word.slice(-1)];
    const spaced =
      previous.length === LETTERS.length ? LETTERS.map((l) => space + l) : previous.map((w) => space + w);
    for (const word of spaced) yield [word.slice(0, -1), word.slice(-1)];
    previous = grown;
  }
}

export function buildByteVocabulary(vocabularySize: number): ByteVocabulary {
  const minimum = 256 + SPECIAL_TOKENS.length;
  if (vocabularySize < minimum) throw new Error(`vocabulary size must be at least ${minimum}`);
  const bytes = byteToUnicode();
  const tokens = [...bytes];
  const known = new Set(tokens);
  const merges: string[] = [];
  const mergedCount = vocabularySize - minimum;
  const candidates = mergeCandidates(bytes[0x20]);
  while (merges.length < mergedCount) {
    const next = candidates.next();
    if (next.done === true) break;
    const [left, right] = next.value;
    const merged = left + right;
    if (known.has(merged) || !known.has(left) || !known.has(right)) continue;
    known.add(merged);
    tokens.push(merged);
    merges.push(`${left} ${right}`);
  }
  const tokenTypes = tokens.map(() => TOKEN_TYPE_NORMAL);
  const generatable = tokens.map((_, id) => id >= 256 || id === 0x0a || (id >= 0x20 && id <= 0x7e));
  const specialIds = {} as Record<SpecialToken, number>;
  for (const special of SPECIAL_TOKENS) {
    specialIds[special] = tokens.length;
    tokens.push(special);
    tokenTypes.push(TOKEN_TYPE_CONTROL);
    generatable.push(false);
  }
  return { tokens, tokenTypes, merges, specialIds, generatable };
}

/** A ChatML template (the format of Qwen, SmolLM and others); node-llama-cpp resolves it to its ChatML wrapper. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

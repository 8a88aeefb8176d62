/** How a channel counts its text limit. */
export type TextMeasure = 'utf16' | 'utf8-bytes';

export interface SplitOptions {
  /** Most units per part (UTF-16 code units or UTF-8 bytes). */
  limit: number;
  measure?: TextMeasure;
  /** A boundary is only used when the part before it fills at least this share of the limit (default 0.5). */
  minFill?: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function measureText(text: string, measure: TextMeasure = 'utf16'): number {
  return measure === 'utf8-bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** Length (in UTF-16 units) of the longest prefix of `text` that fits `limit`, cut between code points. */
function fittingPrefix(text: string, limit: number, measure: TextMeasure): number {
  if (measure === 'utf16') {
    let end = Math.min(limit, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1; // never split a surrogate pair
    return end;
  }
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > limit) break;
    bytes += size;
    end += char.length;
  }
  return end;
}

/** Last grapheme boundary at or before `end` (keeps emoji sequences and accents whole). */
function graphemeBoundary(text: string, end: number): number {
  let last = 0;
  for (const { index } of graphemes.segment(text.slice(0, Math.min(text.length, end + 16)))) {
    if (index > end) break;
    last = index;
  }
  return last > 0 ? last : end;
}

const PARAGRAPH = /\n[ \t]*\n\s*/g;
const SENTENCE = /[.!?…。！？][)"'»”’\]]*\s+/g;
const LINE = /\n\s*/g;
const WORD = /\s+/g;

/** The end of the last match of `pattern` within `window` whose preceding part is at least `min` long. */
function lastBoundary(window: string, pattern: RegExp, min: number): number | undefined {
  let found: number | undefined;
  for (const match of window.matchAll(pattern)) {
    const cut = match.index + match[0].length;
    if (match.index >= min && cut <= window.length) found = cut;
  }
  return found;
}

/**
 * Splits text into parts that each fit a channel's limit, preferring paragraph, then sentence, then
 * line, then word boundaries, and cutting between graphemes only when a single word is too long.
 * Whitespace at the cuts is dropped; text that fits is returned as one part.
 */
export function splitText(text: string, options: SplitOptions): string[] {
  const { limit, measure = 'utf16', minFill = 0.5 } = options;
  if (!Number.isInteger(limit) || limit < 8)
    throw new RangeError(`split limit must be an integer ≥ 8, got ${limit}`);
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== '' && measureText(rest, measure) > limit) {
    const window = rest.slice(0, fittingPrefix(rest, limit, measure));
    const min = Math.floor(window.length * minFill);
    const cut =
      lastBoundary(window, PARAGRAPH, min) ??
      lastBoundary(window, SENTENCE, min) ??
      lastBoundary(window, LINE, min) ??
      lastBoundary(window, WORD, min) ??
      graphemeBoundary(rest, window.length);
    const part = rest.slice(0, cut).trimEnd();
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

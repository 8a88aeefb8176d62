import type { Block } from './extractors';
import { CHUNK_OVERLAP_TOKENS, CHUNK_TOKENS, approxTokens } from './knowledge.constants';

export interface Chunk {
  /** Order in the document, from 0. */
  position: number;
  /** Heading path ("Pricing > Plans") the chunk sits under, or null before the first heading. */
  heading: string | null;
  /** The passage as stored, embedded and shown: its heading path on the first line, then the text. */
  content: string;
  tokenCount: number;
}

export interface ChunkOptions {
  /** Most tokens per chunk, heading line included (approximate tokens, ~4 characters). */
  maxTokens?: number;
  /** Tokens of a split paragraph repeated at the start of the next chunk. */
  overlapTokens?: number;
}

interface Unit {
  text: string;
  /** Rows are never split or overlapped; prose pieces may be. */
  row: boolean;
}

/** A text cut into pieces of at most `max` tokens: at sentence ends first, then between words. */
function splitProse(text: string, max: number): string[] {
  if (approxTokens(text) <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  const push = (part: string) => {
    const joined = current ? `${current} ${part}` : part;
    if (approxTokens(joined) <= max) {
      current = joined;
      return;
    }
    if (current) pieces.push(current);
    current = part;
  };
  for (const sentence of text.split(/(?<=[.!?;:])\s+/)) {
    if (approxTokens(sentence) <= max) push(sentence);
    else for (const word of sentence.split(/\s+/)) push(word.slice(0, max * 4));
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The last ~`tokens` tokens of a text, starting at a word. */
function tail(text: string, tokens: number): string {
  if (tokens <= 0) return '';
  const start = Math.max(0, text.length - tokens * 4);
  if (start === 0) return text;
  const space = text.indexOf(' ', start);
  return space === -1 ? '' : text.slice(space + 1);
}

/**
 * Structure-aware chunking: a heading always starts a new chunk (and its path heads every chunk under
 * it), paragraphs are packed up to the token budget and split at sentences when too long, with the end of
 * the previous piece repeated at the start of the next, and rows (table rows, CSV rows, FAQ pairs) are
 * grouped whole, never cut and never overlapped.
 */
export function chunkBlocks(blocks: readonly Block[], options: ChunkOptions = {}): Chunk[] {
  const maxTokens = options.maxTokens ?? CHUNK_TOKENS;
  const overlapTokens = Math.min(options.overlapTokens ?? CHUNK_OVERLAP_TOKENS, Math.floor(maxTokens / 3));
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let path: string | null = null;
  let units: Unit[] = [];
  let carried = '';

  const budget = () => Math.max(16, maxTokens - (path ? approxTokens(path) + 1 : 0));
  const body = (list: Unit[]) => [carried, ...list.map((u) => u.text)].filter(Boolean).join('\n');
  const flush = (overlap: boolean) => {
    if (units.length === 0) return;
    const text = body(units);
    const content = path ? `${path}\n${text}` : text;
    chunks.push({ position: chunks.length, heading: path, content, tokenCount: approxTokens(content) });
    const last = units[units.length - 1];
    carried = overlap && !last.row ? tail(last.text, overlapTokens) : '';
    units = [];
  };

  for (const block of blocks) {
    if (block.kind === 'heading') {
      flush(false);
      carried = '';
      const level = Math.min(Math.max(block.level, 1), 6);
      headings.length = level - 1;
      headings[level - 1] = block.text;
      path = headings.filter(Boolean).join(' > ') || null;
      continue;
    }
    const row = block.kind === 'row';
    for (const text of splitProse(block.text, budget() - (row ? 0 : overlapTokens))) {
      const unit: Unit = { text, row };
      if (row && carried && units.length === 0) carried = '';
      if (units.length > 0 && approxTokens(body([...units, unit])) > budget()) flush(!row);
      units.push(unit);
    }
  }
  flush(false);
  return chunks;
}

import { ExtractionException } from '../knowledge.exceptions';
import { cleanText, type Block } from './block';

export interface FaqPair {
  question: string;
  answer: string;
}

/** The stored form of FAQ pairs (JSON); each pair is one passage, never split. */
export function extractFaq(bytes: Buffer): Block[] {
  let pairs: unknown;
  try {
    pairs = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ExtractionException(
      `could not read FAQ: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!Array.isArray(pairs)) throw new ExtractionException('could not read FAQ: expected a list of pairs');
  return pairs
    .filter((p): p is FaqPair => typeof p === 'object' && p !== null && 'question' in p && 'answer' in p)
    .map((pair) => ({ kind: 'row', text: `Q: ${cleanText(pair.question)}\nA: ${cleanText(pair.answer)}` }));
}

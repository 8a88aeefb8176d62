import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Identity of an embedding model file, stored with each document: its name plus a hash of its absolute
 * path, size and modification time (hashing gigabytes of weights on every start would be too slow). When
 * it differs from the running model's, the document's vectors are not comparable and it is re-indexed.
 */
export function embeddingModelId(modelPath: string): string {
  const absolute = path.resolve(modelPath);
  let stamp = '';
  try {
    const stat = fs.statSync(absolute);
    stamp = `${stat.size}:${Math.trunc(stat.mtimeMs)}`;
  } catch {
    stamp = 'missing';
  }
  const hash = createHash('sha256').update(`${absolute}\n${stamp}`).digest('hex').slice(0, 16);
  return `${path.basename(absolute)}#${hash}`;
}

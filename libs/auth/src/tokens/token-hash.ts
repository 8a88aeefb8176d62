import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex of a high-entropy secret (refresh tokens, API keys, invitation tokens). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new random secret of 32 bytes. Hex for tokens that travel in links (no character a log masks). */
export function randomSecret(encoding: 'base64url' | 'hex' = 'base64url'): string {
  return randomBytes(32).toString(encoding);
}

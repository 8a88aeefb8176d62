import crypto from 'node:crypto';

export type VerificationResult =
  | { ok: true; challenge: string }
  | { ok: false; reason: 'wrong_mode' | 'missing_token' | 'wrong_token' | 'missing_challenge' };

/** Query parameters as Express, Fastify or URLSearchParams give them. */
export type VerificationQuery = URLSearchParams | Readonly<Record<string, unknown>>;

function param(query: VerificationQuery, name: string): string | undefined {
  if (query instanceof URLSearchParams) {
    const values = query.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  }
  const value = query[name];
  // A repeated parameter arrives as an array: ambiguous, so it is refused.
  return typeof value === 'string' ? value : undefined;
}

/** Compares two secrets in constant time whatever their lengths. */
export function safeEqual(a: string, b: string): boolean {
  const da = crypto.createHash('sha256').update(a, 'utf8').digest();
  const db = crypto.createHash('sha256').update(b, 'utf8').digest();
  return crypto.timingSafeEqual(da, db) && a.length === b.length;
}

/**
 * Meta's subscription handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * On success the challenge is returned exactly as received (a string, never parsed as a number); the
 * controller answers 200 with it as plain text, and 403 otherwise.
 */
export function verifySubscription(query: VerificationQuery, expectedToken: string): VerificationResult {
  if (param(query, 'hub.mode') !== 'subscribe') return { ok: false, reason: 'wrong_mode' };
  const token = param(query, 'hub.verify_token');
  if (token === undefined || token === '') return { ok: false, reason: 'missing_token' };
  if (expectedToken === '' || !safeEqual(token, expectedToken)) return { ok: false, reason: 'wrong_token' };
  const challenge = param(query, 'hub.challenge');
  if (challenge === undefined || challenge === '') return { ok: false, reason: 'missing_challenge' };
  return { ok: true, challenge };
}

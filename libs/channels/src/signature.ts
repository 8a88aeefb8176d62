import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

export type SignatureResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/** `sha256=<hex>` of HMAC-SHA256 over the exact bytes, as Meta sends in `X-Hub-Signature-256`. */
export function sign(body: Buffer | string, appSecret: string): string {
  if (appSecret === '') throw new Error('Cannot sign with an empty app secret');
  return PREFIX + crypto.createHmac('sha256', appSecret).update(body).digest('hex');
}

/**
 * Checks `X-Hub-Signature-256` against the raw request body. The HMAC is computed over the bytes as
 * received: Meta escapes non-ASCII as `\uXXXX` (and `/` as `\/`), so re-serialised JSON would not match.
 * Several secrets may be given (rotation); any match passes. Comparison is constant-time.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | readonly string[] | undefined,
  appSecret: string | readonly string[],
): SignatureResult {
  const secrets = (typeof appSecret === 'string' ? [appSecret] : appSecret).filter((s) => s !== '');
  if (secrets.length === 0) throw new Error('No app secret configured to verify webhook signatures');
  if (header === undefined || header.length === 0) return { ok: false, reason: 'missing' };
  const single = typeof header === 'string' ? header : header.length === 1 ? header[0] : undefined;
  if (single === undefined) return { ok: false, reason: 'malformed' };
  const value = single.trim();
  if (value === '') return { ok: false, reason: 'missing' };
  if (!value.startsWith(PREFIX)) return { ok: false, reason: 'malformed' };
  const hex = value.slice(PREFIX.length);
  if (!HEX_DIGEST.test(hex)) return { ok: false, reason: 'malformed' };
  const received = Buffer.from(hex, 'hex');
  for (const secret of secrets) {
    const expected = crypto.createHmac('sha256', secret).update(rawBody).digest();
    if (expected.length === received.length && crypto.timingSafeEqual(expected, received))
      return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}

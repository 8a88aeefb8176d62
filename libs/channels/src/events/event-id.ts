import crypto from 'node:crypto';

/**
 * A deterministic id for events Meta gives no id of their own (postbacks without mid, reads,
 * deliveries, reactions, errors): the same event redelivered yields the same id, so dedupe holds.
 */
export function derivedEventId(kind: string, parts: ReadonlyArray<string | number | undefined>): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part === undefined ? '\u0000' : String(part)).update('\u001f');
  return `${kind}:${hash.digest('hex').slice(0, 40)}`;
}

/** Serialises a raw value for hashing (stable for identical bytes received). */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

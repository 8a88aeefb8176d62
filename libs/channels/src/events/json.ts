/**
 * Small readers for untrusted JSON. Webhook payloads are parsed field by field so that unknown or
 * missing fields never throw: what cannot be read is reported, the rest is kept.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** A string, or a finite number as its decimal text (Meta sends some ids as numbers, e.g. app_id). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A non-empty string (see {@link str}). */
export function text(value: unknown): string | undefined {
  const s = str(value);
  return s === undefined || s === '' ? undefined : s;
}

/** A finite number, or a string holding one. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Meta timestamps come as Unix seconds (WhatsApp: a string) or milliseconds (Messenger, Instagram: a
 * number). Values below 10^12 are taken as seconds.
 */
export function toDate(value: unknown): Date | undefined {
  const n = num(value);
  if (n === undefined || n < 0) return undefined;
  return new Date(n < 1e12 ? n * 1000 : n);
}

/** Drops keys whose value is undefined, so normalised objects compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

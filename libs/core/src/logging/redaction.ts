const SECRET_KEY =
  /(pass(word)?|secret|token|authorization|api[-_]?key|cookie|credential|signature|private[-_]?key)/i;
const PHONE_KEY = /^(phone(_?number)?|wa_id|from|to|msisdn|display_phone_number|recipient_phone)$/i;
/** A phone number as it appears in free text: optional +, 8–15 digits, maybe spaced. */
const PHONE_IN_TEXT = /(?<![\w.])\+?\d[\d\s-]{6,17}\d(?![\w.])/g;
const MAX_DEPTH = 8;

export const REDACTED = '[REDACTED]';

/** Keeps the last two digits so support can still tell two numbers apart in a log. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return value;
  return `${value.trim().startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) =>
    match.replace(/\D/g, '').length >= 8 ? maskPhone(match) : match,
  );
}

/**
 * Returns a copy of a log payload with secrets removed and phone numbers masked. Keys decide first
 * (a string under a `token` key is always redacted, a `wa_id` always masked); strings elsewhere are scanned for phone
 * numbers. Errors keep their message and stack (masked).
 */
export function redact(value: unknown, key = '', depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    // Secrets are strings: a number under a key like `tokensIn` is a count and stays.
    if (key && SECRET_KEY.test(key)) return REDACTED;
    return key && PHONE_KEY.test(key) ? maskPhone(value) : maskPhonesInText(value);
  }
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redact(item, key, depth + 1));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.type = value.name;
    out.message = maskPhonesInText(value.message);
    if (value.stack) out.stack = maskPhonesInText(value.stack);
  }
  for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, depth + 1);
  return out;
}

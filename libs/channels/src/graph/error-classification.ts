import { arr, bool, num, obj, text } from '../events/json';
import {
  GraphApiError,
  type ErrorClassification,
  type GraphErrorReason,
  type MetaErrorBody,
} from './graph-api.error';

interface Verdict {
  classification: ErrorClassification;
  reason: GraphErrorReason;
  /** Suggested wait when Meta gives none (rate limits). */
  suggestedRetryMs?: number;
}

/** Rate-limit codes and a sensible wait for each (Meta gives no Retry-After for most). */
const RATE_LIMIT_WAIT_MS = new Map<number, number>([
  [4, 60_000], // application request limit
  [17, 60_000], // user request limit
  [32, 60_000], // page request limit
  [613, 60_000], // calls exceeded the rate limit
  [80007, 60_000], // WhatsApp Business Account rate limit
  [130429, 1_000], // WhatsApp throughput (messages per second per number)
  [131056, 6_000], // WhatsApp pair rate limit: too many messages to the same user
  [131048, 60_000], // WhatsApp spam rate limit
]);

/** Codes Meta documents as temporary ("try again later"). */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 131057, 133004, 133005]);

/** Token expired, revoked or unreadable: the channel must be reconnected. */
const AUTH_CODES = new Set([102, 190, 131005]);
const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467, 492]);

/** Code 10 / 200 subcodes that concern the recipient or the window, not our token. */
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2018065]);
const RECIPIENT_SUBCODES = new Set([2018001, 1545041, 2018108, 2018144]);

/** Recipient cannot be reached (not on WhatsApp, blocked, unavailable). */
const RECIPIENT_CODES = new Set([131026, 551, 131021, 131030]);
const OUTSIDE_WINDOW_CODES = new Set([131047, 470]);
const UNSUPPORTED_CODES = new Set([131051, 131052, 131053]);
const POLICY_CODES = new Set([368, 131031, 131042, 131045, 130497]);

/** Decides what a Meta error means for the caller. */
export function classifyMetaError(httpStatus: number | undefined, error: MetaErrorBody | undefined): Verdict {
  const code = error?.code;
  const subcode = error?.error_subcode;
  if (code !== undefined) {
    const wait = RATE_LIMIT_WAIT_MS.get(code);
    if (wait !== undefined)
      return { classification: 'transient', reason: 'rate_limited', suggestedRetryMs: wait };
    if (AUTH_CODES.has(code) || (subcode !== undefined && AUTH_SUBCODES.has(subcode))) {
      return { classification: 'auth', reason: 'token_invalid' };
    }
    if (OUTSIDE_WINDOW_CODES.has(code) || (subcode !== undefined && OUTSIDE_WINDOW_SUBCODES.has(subcode))) {
      return { classification: 'permanent', reason: 'outside_window' };
    }
    if (RECIPIENT_CODES.has(code) || (subcode !== undefined && RECIPIENT_SUBCODES.has(subcode))) {
      return { classification: 'permanent', reason: 'recipient_unavailable' };
    }
    if (UNSUPPORTED_CODES.has(code)) return { classification: 'permanent', reason: 'unsupported_message' };
    if (POLICY_CODES.has(code)) return { classification: 'permanent', reason: 'policy' };
    // Permission denied for this token (missing scope, app not reviewed, page role removed).
    if (code === 10 || code === 3 || (code >= 200 && code <= 299))
      return { classification: 'auth', reason: 'permission' };
    if (TRANSIENT_CODES.has(code) || error?.is_transient === true)
      return { classification: 'transient', reason: 'server_error' };
  }
  if (error?.is_transient === true) return { classification: 'transient', reason: 'server_error' };
  if (httpStatus === 429)
    return { classification: 'transient', reason: 'rate_limited', suggestedRetryMs: 1_000 };
  if (httpStatus !== undefined && httpStatus >= 500)
    return { classification: 'transient', reason: 'server_error' };
  if (httpStatus === 408) return { classification: 'transient', reason: 'timeout' };
  if (httpStatus === 401 || (code === undefined && httpStatus === 403))
    return { classification: 'auth', reason: 'token_invalid' };
  if (code !== undefined || (httpStatus !== undefined && httpStatus >= 400))
    return { classification: 'permanent', reason: 'invalid_request' };
  return { classification: 'permanent', reason: 'unknown' };
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` (seconds or HTTP date), else Meta's `estimated_time_to_regain_access` (minutes). */
export function retryAfterFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  for (const name of ['x-business-use-case-usage', 'x-ad-account-usage']) {
    const usage = header(headers, name);
    if (usage === undefined) continue;
    let minutes = 0;
    try {
      const parsed: unknown = JSON.parse(usage);
      for (const entries of Object.values(obj(parsed) ?? {})) {
        for (const entry of arr(entries))
          minutes = Math.max(minutes, num(obj(entry)?.estimated_time_to_regain_access) ?? 0);
      }
    } catch {
      continue;
    }
    if (minutes > 0) return minutes * 60_000;
  }
  return undefined;
}

function readMetaError(body: unknown): MetaErrorBody | undefined {
  const e = obj(obj(body)?.error);
  if (!e) return undefined;
  return {
    message: text(e.message),
    type: text(e.type),
    code: num(e.code),
    error_subcode: num(e.error_subcode),
    error_user_title: text(e.error_user_title),
    error_user_msg: text(e.error_user_msg),
    error_data: e.error_data,
    is_transient: bool(e.is_transient),
    fbtrace_id: text(e.fbtrace_id),
  };
}

/** Builds the error for a non-2xx Graph answer. */
export function graphErrorFromResponse(
  httpStatus: number,
  headers: Headers,
  bodyText: string,
): GraphApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText) as unknown;
  } catch {
    body = undefined;
  }
  const meta = readMetaError(body);
  const verdict = classifyMetaError(httpStatus, meta);
  const details = text(obj(meta?.error_data)?.details) ?? text(meta?.error_data) ?? meta?.error_user_msg;
  const base = meta?.message ?? `HTTP ${httpStatus}${bodyText ? `: ${bodyText.slice(0, 200)}` : ''}`;
  const message = meta?.code !== undefined && !base.startsWith('(#') ? `(#${meta.code}) ${base}` : base;
  return new GraphApiError(`Graph API error: ${message}`, {
    ...verdict,
    // A gateway timeout may hide a request Meta did process.
    ambiguous: httpStatus === 504,
    httpStatus,
    code: meta?.code,
    subcode: meta?.error_subcode,
    type: meta?.type,
    fbtraceId: meta?.fbtrace_id,
    details,
    errorData: meta?.error_data,
    retryAfterMs: retryAfterFromHeaders(headers) ?? verdict.suggestedRetryMs,
  });
}

/** Errors raised before any byte of the request could reach Meta. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

/**
 * Builds the error for a call that got no HTTP answer. A failure to connect means the request never
 * left (safe to retry); a timeout or reset after sending is ambiguous: Meta may have delivered it.
 */
export function graphErrorFromNetwork(
  error: unknown,
  context: { callerAborted: boolean; deadlineHit: boolean },
): GraphApiError {
  const codes = errorCodes(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (context.callerAborted) {
    return new GraphApiError(`Graph API call aborted: ${detail}`, {
      classification: 'transient',
      reason: 'aborted',
      ambiguous: true,
      cause: error,
    });
  }
  if (codes.some((c) => NOT_SENT_CODES.has(c))) {
    const timeout = codes.includes('UND_ERR_CONNECT_TIMEOUT');
    return new GraphApiError(`Graph API ${timeout ? 'connect timeout' : 'connection failed'}: ${detail}`, {
      classification: 'transient',
      reason: timeout ? 'timeout' : 'network',
      ambiguous: false,
      cause: error,
    });
  }
  const timedOut = context.deadlineHit || codes.some((c) => TIMEOUT_CODES.has(c));
  return new GraphApiError(
    `Graph API ${timedOut ? 'timed out' : 'connection lost'} after sending: ${detail}`,
    {
      classification: 'transient',
      reason: timedOut ? 'timeout' : 'network',
      ambiguous: true,
      cause: error,
    },
  );
}

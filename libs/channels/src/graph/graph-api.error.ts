export type ErrorClassification = 'transient' | 'permanent' | 'auth';

export type GraphErrorReason =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'outside_window'
  | 'recipient_unavailable'
  | 'unsupported_message'
  | 'invalid_request'
  | 'policy'
  | 'token_invalid'
  | 'permission'
  | 'unexpected_response'
  | 'unknown';

/** Meta's error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface MetaErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: unknown;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export interface GraphApiErrorInit {
  classification: ErrorClassification;
  reason: GraphErrorReason;
  /** True when the request may have reached Meta and been acted on (timeout or reset after sending). */
  ambiguous: boolean;
  httpStatus?: number;
  code?: number;
  subcode?: number;
  type?: string;
  fbtraceId?: string;
  details?: string;
  errorData?: unknown;
  retryAfterMs?: number;
  /** Parts of a multi-part send that did go out before this failure. */
  sentMessageIds?: string[];
  cause?: unknown;
}

/**
 * A failed Graph API call, classified for the caller:
 * - `transient`: retry later (5xx, 429, rate-limit codes, network errors, timeouts);
 * - `permanent`: do not retry (invalid parameters, outside the 24 h window, recipient unavailable…);
 * - `auth`: the channel's token is invalid or lacks permission: flag the channel `needs_reauth`.
 * `ambiguous` says the message may have been delivered although the call failed.
 */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  readonly classification: ErrorClassification;
  readonly reason: GraphErrorReason;
  readonly ambiguous: boolean;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly type?: string;
  readonly fbtraceId?: string;
  readonly details?: string;
  readonly errorData?: unknown;
  readonly retryAfterMs?: number;
  readonly sentMessageIds: readonly string[];

  constructor(message: string, init: GraphApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.classification = init.classification;
    this.reason = init.reason;
    this.ambiguous = init.ambiguous;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.subcode = init.subcode;
    this.type = init.type;
    this.fbtraceId = init.fbtraceId;
    this.details = init.details;
    this.errorData = init.errorData;
    this.retryAfterMs = init.retryAfterMs;
    this.sentMessageIds = init.sentMessageIds ?? [];
  }

  get retryable(): boolean {
    return this.classification === 'transient';
  }

  /** The same error, noting parts of a split message that were already sent. */
  withSentMessageIds(ids: readonly string[]): GraphApiError {
    if (ids.length === 0) return this;
    return new GraphApiError(this.message, { ...this.init(), sentMessageIds: [...ids] });
  }

  private init(): GraphApiErrorInit {
    return {
      classification: this.classification,
      reason: this.reason,
      ambiguous: this.ambiguous,
      httpStatus: this.httpStatus,
      code: this.code,
      subcode: this.subcode,
      type: this.type,
      fbtraceId: this.fbtraceId,
      details: this.details,
      errorData: this.errorData,
      retryAfterMs: this.retryAfterMs,
      sentMessageIds: [...this.sentMessageIds],
      cause: this.cause,
    };
  }
}

import { GraphApiError } from './graph-api.error';

export interface BackoffOptions {
  /** Delay before the first retry, before jitter (default 1 s). */
  baseMs?: number;
  /** Cap on any delay (default 5 min). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** `full`: uniform in [0, d]; `equal`: uniform in [d/2, d]; `none`: d. Default `full`. */
  jitter?: 'full' | 'equal' | 'none';
  random?: () => number;
}

/** Exponential backoff with jitter; `attempt` counts retries from 0. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1_000, maxMs = 300_000, factor = 2, jitter = 'full', random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt));
  switch (jitter) {
    case 'none':
      return Math.round(ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + random() * (ceiling / 2));
    case 'full':
      return Math.round(random() * ceiling);
  }
}

/**
 * How long to wait before retrying after `error`, or null when it must not be retried (permanent,
 * auth, or not a Graph error). Meta's own hint (Retry-After, rate-limit codes) is a floor.
 */
export function retryDelay(error: unknown, attempt: number, options: BackoffOptions = {}): number | null {
  if (!(error instanceof GraphApiError) || !error.retryable) return null;
  const delay = backoffDelay(attempt, options);
  return Math.min(
    Math.max(delay, error.retryAfterMs ?? 0),
    Math.max(options.maxMs ?? 300_000, error.retryAfterMs ?? 0),
  );
}

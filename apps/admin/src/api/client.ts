import { tokenStore } from '../auth/tokens';
import type { SessionTokens } from './types';

/** An error answer of the API: `{ statusCode, code, message }` (see libs/core's HTTP filter). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Sign-in calls go without a token and never trigger a refresh. */
  anonymous?: boolean;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `Request failed (${response.status})`;
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(response.status, code, message);
}

let refreshing: Promise<SessionTokens | null> | null = null;

/**
 * Exchanges the refresh token once for the whole app: parallel requests that hit a 401 wait for the
 * same refresh (a refresh token is single-use, a second exchange would revoke the session).
 */
export function refreshSession(): Promise<SessionTokens | null> {
  refreshing ??= (async () => {
    const current = tokenStore.get();
    if (!current) return null;
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!response.ok) {
        tokenStore.set(null);
        return null;
      }
      const tokens = (await response.json()) as SessionTokens;
      tokenStore.set({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
      return tokens;
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(method: string, path: string, options: RequestOptions, token?: string) {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body goes as multipart: the browser writes its content-type with the boundary.
  const form = options.body instanceof FormData ? options.body : undefined;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(withQuery(path, options.query), {
    method,
    headers,
    body: form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
}

/** One typed call of the admin API: bearer token, one refresh-and-retry on 401, then sign out. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.anonymous ? undefined : tokenStore.get()?.accessToken;
  let response = await send(method, path, options, token);
  if (response.status === 401 && !options.anonymous && token) {
    const fresh = await refreshSession();
    if (!fresh) throw new ApiError(401, 'session_expired', 'Your session has ended: please sign in again.');
    response = await send(method, path, options, fresh.accessToken);
    if (response.status === 401) tokenStore.set(null);
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: (path: string) => request<void>('DELETE', path),
};

/** A readable sentence for any error a query or mutation raised. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server cannot be reached. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

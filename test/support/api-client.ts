import { createHmac, randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

/** A JSON value from a response: tests assert on it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions themselves
export type Json = any;

/** A response body: any field, with the ones tests call methods on or pass along typed. */
export type ResponseBody = { [key: string]: Json } & {
  message: string;
  code: string;
  items: Json[];
  nextCursor: string | null;
  id: string;
  key: string;
  accessToken: string;
  refreshToken: string;
};

export interface ApiResponse {
  status: number;
  body: ResponseBody;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * HTTP client of the admin API for tests. Keeps the text of every response it saw, so a test can check
 * that a secret never appeared in any of them.
 */
export class ApiClient {
  readonly seen: string[] = [];

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    this.seen.push(`${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`);
    let body: Json = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body, text, headers: response.headers };
  }

  get(path: string, token?: string): Promise<ApiResponse> {
    return this.request('GET', path, { token });
  }

  post(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<ApiResponse> {
    return this.request('POST', path, { token, body, headers });
  }

  patch(path: string, body: unknown, token?: string): Promise<ApiResponse> {
    return this.request('PATCH', path, { token, body });
  }

  delete(path: string, token?: string): Promise<ApiResponse> {
    return this.request('DELETE', path, { token });
  }
}

export interface Session {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  tenantId: string;
  userId: string;
}

/**
 * A fresh address. The random part ends with a letter: eight digits in a row between non-word characters
 * would look like a phone number to the log redaction, which masks it (and a test searching the log for
 * the address would not find it).
 */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(4).toString('hex')}z@example.com`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

function userIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as {
    sub: string;
  };
  return payload.sub;
}

/** A client address of its own (sign-ups are limited per address), from the documentation range. */
export function randomIp(): string {
  const [a, b] = randomBytes(2);
  return `198.18.${a}.${b}`;
}

/** Signs up a new workspace (as a customer of its own address); its owner's session. */
export async function signup(api: ApiClient, organization = 'Acme'): Promise<Session> {
  const email = uniqueEmail('owner');
  const response = await api.post(
    '/api/auth/signup',
    { email, password: TEST_PASSWORD, organization },
    undefined,
    { 'x-forwarded-for': randomIp() },
  );
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${response.text}`);
  const body = response.body;
  return {
    email,
    password: TEST_PASSWORD,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    tenantId: String(body.tenant.id),
    userId: userIdOf(body.accessToken),
  };
}

/** The token of the newest invitation link for `email` in the app's log. */
export function invitationToken(app: TestApp, email: string): string {
  const line = [...app.logs.lines].reverse().find((l) => l.includes('nvitation') && l.includes(email));
  const match = line ? /token=([0-9a-f]{64})/.exec(line) : null;
  if (!match) throw new Error(`no invitation link for ${email} in the log`);
  return match[1];
}

/** Invites a new member with `role` and accepts the invitation; their session. */
export async function addMember(
  api: ApiClient,
  app: TestApp,
  inviter: Session,
  role: 'owner' | 'admin' | 'agent',
): Promise<Session> {
  const email = uniqueEmail(role);
  const invited = await api.post('/api/members/invitations', { email, role }, inviter.accessToken);
  if (invited.status !== 201) throw new Error(`invitation failed: ${invited.status} ${invited.text}`);
  const accepted = await api.post('/api/auth/invitations/accept', {
    token: invitationToken(app, email),
    password: TEST_PASSWORD,
    name: `Test ${role}`,
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  const body = accepted.body;
  return {
    email,
    password: TEST_PASSWORD,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    tenantId: String(body.tenant.id),
    userId: userIdOf(body.accessToken),
  };
}

/** An HS256 JWT signed by hand, to present tokens the server did not issue (expired, forged). */
export function signJwt(
  payload: Record<string, unknown>,
  secret: string,
  header: Record<string, unknown> = {},
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = encode({ alg: 'HS256', typ: 'JWT', ...header });
  const body = encode(payload);
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** The claims of an access token (not verified). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

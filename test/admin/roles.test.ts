import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ApiClient, addMember, signup, uniqueEmail } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every route of the admin API, with who may call it. A route in the OpenAPI document that is missing
 * here fails the coverage test, so new routes must declare their roles in this table too.
 */
type Principal = 'owner' | 'admin' | 'agent' | 'adminKey' | 'agentKey';
const EVERYONE: Principal[] = ['owner', 'admin', 'agent', 'adminKey', 'agentKey'];
const ADMINS: Principal[] = ['owner', 'admin', 'adminKey'];
const MEMBERS: Principal[] = ['owner', 'admin', 'agent'];

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  allowed: Principal[];
  body?: () => unknown;
}

const id = () => randomUUID();
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/auth/me', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/auth/password',
    allowed: MEMBERS, // an API key is not a person: 403
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'whatever-new-1' }),
  },
  { method: 'GET', path: '/api/members', allowed: EVERYONE },
  { method: 'PATCH', path: '/api/members/:userId', allowed: ADMINS, body: () => ({ role: 'agent' }) },
  { method: 'DELETE', path: '/api/members/:userId', allowed: ADMINS },
  {
    method: 'POST',
    path: '/api/members/invitations',
    allowed: ADMINS,
    body: () => ({ email: uniqueEmail('matrix'), role: 'agent' }),
  },
  { method: 'GET', path: '/api/members/invitations', allowed: ADMINS },
  { method: 'DELETE', path: '/api/members/invitations/:id', allowed: ADMINS },
  {
    method: 'POST',
    path: '/api/api-keys',
    allowed: ADMINS,
    body: () => ({ name: 'matrix', scopes: ['agent'] }),
  },
  { method: 'GET', path: '/api/api-keys', allowed: ADMINS },
  { method: 'DELETE', path: '/api/api-keys/:id', allowed: ADMINS },
  { method: 'GET', path: '/api/audit-log', allowed: ADMINS },
  { method: 'GET', path: '/api/settings', allowed: EVERYONE },
  { method: 'PATCH', path: '/api/settings', allowed: ADMINS, body: () => ({ dailyMessageQuota: null }) },
  {
    method: 'POST',
    path: '/api/assistants',
    allowed: ADMINS,
    body: () => ({ name: 'matrix', instructions: 'hi' }),
  },
  { method: 'GET', path: '/api/assistants', allowed: ADMINS },
  { method: 'GET', path: '/api/assistants/:id', allowed: ADMINS },
  { method: 'PATCH', path: '/api/assistants/:id', allowed: ADMINS, body: () => ({ greeting: 'hello' }) },
  { method: 'DELETE', path: '/api/assistants/:id', allowed: ADMINS },
  { method: 'POST', path: '/api/assistants/:id/publish', allowed: ADMINS },
  { method: 'POST', path: '/api/assistants/:id/rollback', allowed: ADMINS, body: () => ({ version: 1 }) },
  { method: 'GET', path: '/api/assistants/:id/versions', allowed: ADMINS },
  {
    method: 'POST',
    path: '/api/assistants/:id/playground',
    allowed: ADMINS,
    body: () => ({ message: 'matrix' }),
  },
  { method: 'GET', path: '/api/assistants/:id/playground/:sessionId', allowed: ADMINS },
  {
    method: 'POST',
    path: '/api/channels',
    allowed: ADMINS,
    body: () => ({ type: 'whatsapp', assistantId: id(), externalId: '1', accessToken: 't' }),
  },
  { method: 'GET', path: '/api/channels', allowed: ADMINS },
  { method: 'GET', path: '/api/channels/:id', allowed: ADMINS },
  { method: 'PATCH', path: '/api/channels/:id', allowed: ADMINS, body: () => ({ name: 'x' }) },
  { method: 'DELETE', path: '/api/channels/:id', allowed: ADMINS },
  { method: 'POST', path: '/api/channels/:id/test', allowed: ADMINS },
  { method: 'GET', path: '/api/conversations', allowed: EVERYONE },
  { method: 'GET', path: '/api/conversations/:id', allowed: EVERYONE },
  { method: 'GET', path: '/api/conversations/:id/messages', allowed: EVERYONE },
  { method: 'POST', path: '/api/conversations/:id/takeover', allowed: EVERYONE },
  { method: 'POST', path: '/api/conversations/:id/handback', allowed: EVERYONE },
  { method: 'POST', path: '/api/conversations/:id/close', allowed: EVERYONE },
  {
    method: 'POST',
    path: '/api/conversations/:id/assign',
    allowed: EVERYONE,
    body: () => ({ userId: null }),
  },
  {
    method: 'POST',
    path: '/api/conversations/:id/reply',
    allowed: EVERYONE,
    body: () => ({ text: 'hello' }),
  },
  { method: 'GET', path: '/api/contacts', allowed: EVERYONE },
  { method: 'GET', path: '/api/contacts/:id', allowed: EVERYONE },
  { method: 'PATCH', path: '/api/contacts/:id', allowed: EVERYONE, body: () => ({ optedOut: true }) },
  { method: 'GET', path: '/api/inbox/stream', allowed: EVERYONE },
  { method: 'GET', path: '/api/usage', allowed: ADMINS },
  { method: 'GET', path: '/api/jobs/failed', allowed: ADMINS },
  { method: 'POST', path: '/api/jobs/failed/:queue/:id/retry', allowed: ADMINS },
];

/** Routes anyone may call (they authenticate by what they carry: a password, a refresh or invitation token). */
const PUBLIC = [
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'POST /api/auth/invitations/accept',
];

let app: TestApp;
let api: ApiClient;
const tokens = {} as Record<Principal, string>;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  const owner = await signup(api, 'Roles');
  tokens.owner = owner.accessToken;
  tokens.admin = (await addMember(api, app, owner, 'admin')).accessToken;
  tokens.agent = (await addMember(api, app, owner, 'agent')).accessToken;
  for (const scope of ['admin', 'agent'] as const) {
    const key = await api.post('/api/api-keys', { name: scope, scopes: [scope] }, owner.accessToken);
    assert.equal(key.status, 201, key.text);
    tokens[`${scope}Key`] = key.body.key;
  }
});
after(() => app.close());

function concrete(path: string): string {
  return path.replace(':queue', 'outbound').replace(/:\w+/g, () => id());
}

/** Calls a route; the live stream is closed as soon as its status is known. */
async function call(route: Route, token: string | undefined): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${app.url}${concrete(route.path)}`, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(route.body ? { 'content-type': 'application/json' } : {}),
    },
    body: route.body ? JSON.stringify(route.body()) : undefined,
    signal: controller.signal,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) controller.abort();
  else await response.text();
  return response.status;
}

/** The areas this table covers; other areas (knowledge, playground…) keep their own role tests. */
const AREAS = new Set(ROUTES.map((r) => r.path.split('/')[2]));

async function documentedRoutes(): Promise<string[]> {
  const doc = (await (await fetch(`${app.url}/api/docs-json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
}

test('every route of these areas is in the table (compared with the OpenAPI document)', async () => {
  const documented = (await documentedRoutes()).filter((route) =>
    AREAS.has(route.split(' ')[1].split('/')[2]),
  );
  const declared = [...ROUTES.map((r) => `${r.method} ${r.path}`), ...PUBLIC].sort();
  assert.deepEqual(documented, declared);
});

test('every other documented /api route refuses a request without credentials too', async () => {
  const others = (await documentedRoutes()).filter((route) => !AREAS.has(route.split(' ')[1].split('/')[2]));
  for (const route of others) {
    const [method, path] = route.split(' ') as [Route['method'], string];
    assert.equal(await call({ method, path, allowed: [] }, undefined), 401, route);
  }
});

test('without credentials every non-public route is 401', async () => {
  for (const route of ROUTES) {
    assert.equal(await call(route, undefined), 401, `${route.method} ${route.path}`);
  }
});

for (const principal of ['owner', 'admin', 'agent', 'adminKey', 'agentKey'] as Principal[]) {
  test(`${principal}: allowed routes pass the guards, the others are 403`, async () => {
    const wrong: string[] = [];
    for (const route of ROUTES) {
      const status = await call(route, tokens[principal]);
      const allowed = route.allowed.includes(principal);
      const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === 403;
      if (!ok) wrong.push(`${route.method} ${route.path}: ${status} (${allowed ? 'allowed' : 'forbidden'})`);
    }
    assert.deepEqual(wrong, []);
  });
}

test('a 403 names the roles the route needs', async () => {
  const res = await api.get('/api/assistants', tokens.agent);
  assert.equal(res.status, 403);
  assert.equal(res.body.code, 'forbidden');
  assert.match(res.body.message, /owner, admin/);
});

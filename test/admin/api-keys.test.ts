import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { ownerQuery } from '@cria/testing';
import { ApiClient, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;
let admin: Session;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  admin = await signup(api, 'Keys');
});
after(() => app.close());

test('the key is shown once, stored as a SHA-256, and never listed', async () => {
  const created = await api.post('/api/api-keys', { name: 'CRM sync', scopes: ['agent'] }, admin.accessToken);
  assert.equal(created.status, 201, created.text);
  const key = created.body.key;
  assert.match(key, /^cria_[\w-]{43}$/);
  assert.equal(created.body.prefix, key.slice(0, 11));
  assert.deepEqual(created.body.scopes, ['agent']);
  const listed = await api.get('/api/api-keys', admin.accessToken);
  assert.ok(listed.body.items.some((k: { id: string }) => k.id === created.body.id));
  assert.ok(!listed.text.includes(key), 'the secret is never listed');
  assert.ok(!listed.text.includes(key.slice(11)));
  const [row] = await ownerQuery<{ key_hash: string }>(
    app.db.url,
    `SELECT key_hash FROM api_keys WHERE id = $1`,
    [created.body.id],
  );
  assert.match(row.key_hash, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(await ownerQuery(app.db.url, `SELECT * FROM api_keys`)).includes(key.slice(5)));
});

test('a key works as a bearer token with the role of its scope; its last use and address are recorded', async () => {
  const agentKey = (
    await api.post('/api/api-keys', { name: 'inbox bot', scopes: ['agent'] }, admin.accessToken)
  ).body;
  const adminKey = (
    await api.post('/api/api-keys', { name: 'automation', scopes: ['admin'] }, admin.accessToken)
  ).body;
  assert.equal(agentKey.lastUsedAt, null);

  assert.equal((await api.get('/api/conversations', agentKey.key)).status, 200);
  assert.equal((await api.get('/api/assistants', agentKey.key)).status, 403);
  const me = await api.request('GET', '/api/auth/me', {
    token: agentKey.key,
    headers: { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'crm-sync/1.0' },
  });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user, null);
  assert.deepEqual(me.body.apiKey, { id: agentKey.id, name: 'inbox bot' });
  assert.equal(me.body.role, 'agent');
  assert.equal(me.body.tenant.id, admin.tenantId);

  const made = await api.request('POST', '/api/assistants', {
    token: adminKey.key,
    body: { name: 'Made by a key', instructions: 'x' },
    headers: { 'user-agent': 'automation/2.0' },
  });
  assert.equal(made.status, 201, made.text);
  const audit = await api.get(`/api/audit-log?targetId=${made.body.id}`, admin.accessToken);
  assert.equal(audit.body.items[0].actor.type, 'api_key');
  assert.equal(audit.body.items[0].actor.apiKeyId, adminKey.id);
  assert.equal(audit.body.items[0].actor.apiKeyName, 'automation');
  assert.equal(audit.body.items[0].userAgent, 'automation/2.0');

  const listed = (await api.get('/api/api-keys', admin.accessToken)).body.items as Array<
    Record<string, string>
  >;
  const used = listed.find((k) => k.id === agentKey.id);
  assert.ok(used?.lastUsedAt);
  assert.equal(used?.lastUsedIp, '203.0.113.7');
});

test('a revoked or expired key is refused with 401', async () => {
  const key = (await api.post('/api/api-keys', { name: 'temp', scopes: ['admin'] }, admin.accessToken)).body;
  assert.equal((await api.get('/api/usage', key.key)).status, 200);
  assert.equal((await api.delete(`/api/api-keys/${key.id}`, admin.accessToken)).status, 204);
  const refused = await api.get('/api/usage', key.key);
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, 'invalid_api_key');
  const listed = (await api.get('/api/api-keys', admin.accessToken)).body.items.find(
    (k: { id: string }) => k.id === key.id,
  );
  assert.ok(listed.revokedAt);

  const soon = (
    await api.post(
      '/api/api-keys',
      { name: 'soon', scopes: ['agent'], expiresAt: new Date(Date.now() + 60_000).toISOString() },
      admin.accessToken,
    )
  ).body;
  assert.equal((await api.get('/api/conversations', soon.key)).status, 200);
  await ownerQuery(app.db.url, `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    soon.id,
  ]);
  assert.equal((await api.get('/api/conversations', soon.key)).status, 401);
  const past = await api.post(
    '/api/api-keys',
    { name: 'past', scopes: ['agent'], expiresAt: '2020-01-01T00:00:00Z' },
    admin.accessToken,
  );
  assert.equal(past.status, 400);
  assert.match(past.body.message, /expiresAt/);
});

test('scopes are validated', async () => {
  for (const scopes of [[], ['owner'], ['root'], 'admin']) {
    const res = await api.post('/api/api-keys', { name: 'x', scopes }, admin.accessToken);
    assert.equal(res.status, 400, JSON.stringify(scopes));
    assert.match(res.body.message, /scopes/);
  }
  const long = await api.post(
    '/api/api-keys',
    { name: 'x'.repeat(101), scopes: ['agent'] },
    admin.accessToken,
  );
  assert.equal(long.status, 400);
  assert.match(long.body.message, /name must be shorter/);
});

test('keys are throttled in Redis (shared by every api process): past 600 a minute, 429 with Retry-After', async () => {
  const created = (await api.post('/api/api-keys', { name: 'busy', scopes: ['agent'] }, admin.accessToken))
    .body;
  const redis = new Redis(app.config.redisUrl);
  try {
    const counter = `${app.redisPrefix}:rl:api-key:${created.id}`;
    await Promise.all(Array.from({ length: 5 }, () => api.get('/api/auth/me', created.key)));
    assert.equal(await redis.get(counter), '5', 'each request counts once');
    // another process used up the rest of this minute's budget
    await redis.set(counter, '600', 'KEEPTTL');
    const over = await api.get('/api/auth/me', created.key);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get('retry-after')) > 0 && Number(over.headers.get('retry-after')) <= 60);
    assert.match(over.body.message, /API key/);
    assert.equal(
      (await api.get('/api/auth/me', admin.accessToken)).status,
      200,
      'other credentials are unaffected',
    );
  } finally {
    redis.disconnect();
  }
});

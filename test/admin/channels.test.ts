import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChannelSecretsService } from '@cria/conversations';
import { FakeGraphApi, ownerQuery } from '@cria/testing';
import { ApiClient, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

const ACCESS_TOKEN = 'EAAG-test-access-token-5f1c9e2a7b';
const NEW_ACCESS_TOKEN = 'EAAG-rotated-access-token-77d0aa31';
const APP_SECRET = 'tenant-app-secret-0b7e61d4c2';
const SECRETS = [ACCESS_TOKEN, NEW_ACCESS_TOKEN, APP_SECRET];

let app: TestApp;
let api: ApiClient;
let graph: FakeGraphApi;
let admin: Session;
let assistantId: string;

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    worker: false,
    env: { META_GRAPH_URL: graph.url, PUBLIC_URL: 'https://cria.example.com/' },
  });
  api = new ApiClient(app.url);
  admin = await signup(api, 'Channels Ltd');
  assistantId = (await api.post('/api/assistants', { name: 'Bot', instructions: 'x' }, admin.accessToken))
    .body.id;
});
after(async () => {
  await app.close();
  await graph.close();
});

const createChannel = (body: Record<string, unknown>) =>
  api.post('/api/channels', { assistantId, accessToken: ACCESS_TOKEN, ...body }, admin.accessToken);

test('a channel on the platform app gets the shared webhook URL and a generated verify token', async () => {
  const res = await createChannel({ type: 'whatsapp', externalId: '106540352242922', name: 'Main number' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.webhookUrl, 'https://cria.example.com/webhooks/whatsapp');
  assert.equal(res.body.ownApp, false);
  assert.equal(res.body.status, 'active');
  assert.match(String(res.body.verifyToken), /^[\w-]{20,}$/);
  assert.equal(res.body.assistantId, assistantId);
  const got = await api.get(`/api/channels/${res.body.id}`, admin.accessToken);
  assert.equal(got.body.verifyToken, res.body.verifyToken);
});

test('a channel with its own app secret gets its own webhook URL and keeps the verify token given', async () => {
  const res = await createChannel({
    type: 'messenger',
    externalId: 'page-1001',
    appSecret: APP_SECRET,
    verifyToken: 'my-verify-token-123',
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.ownApp, true);
  assert.equal(res.body.webhookUrl, `https://cria.example.com/webhooks/messenger/${res.body.id}`);
  assert.equal(res.body.verifyToken, 'my-verify-token-123');
});

test('credentials are sealed with the channel id, never in a response, a log line or the database in clear', async () => {
  const created = await createChannel({ type: 'instagram', externalId: 'ig-42', appSecret: APP_SECRET });
  const id = created.body.id;
  await api.get('/api/channels', admin.accessToken);
  await api.get(`/api/channels/${id}`, admin.accessToken);
  await api.patch(`/api/channels/${id}`, { accessToken: NEW_ACCESS_TOKEN, name: 'IG' }, admin.accessToken);
  await api.post(`/api/channels/${id}/test`, {}, admin.accessToken);
  await api.get('/api/audit-log?limit=100', admin.accessToken);
  await api.post(
    '/api/channels',
    { type: 'instagram', assistantId, externalId: 'ig-42', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET },
    admin.accessToken,
  );
  await api.post(
    '/api/channels',
    { type: 'bogus', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET },
    admin.accessToken,
  );

  for (const secret of SECRETS) {
    assert.ok(!api.seen.some((text) => text.includes(secret)), `${secret} appeared in a response`);
    assert.ok(!app.logs.text.includes(secret), `${secret} appeared in the logs`);
  }
  const rows = await ownerQuery<Record<string, unknown>>(app.db.url, `SELECT * FROM channels`);
  const [audit] = await ownerQuery<{ text: string }>(
    app.db.url,
    `SELECT string_agg(details::text, ' ') AS text FROM audit_log`,
  );
  for (const secret of SECRETS) {
    assert.ok(!JSON.stringify(rows).includes(secret), `${secret} stored in clear`);
    assert.ok(!audit.text.includes(secret));
  }
  const [row] = await ownerQuery<{ credentials: string }>(
    app.db.url,
    `SELECT credentials FROM channels WHERE id = $1`,
    [id],
  );
  assert.match(row.credentials, /^v1\./);
  const secrets = app.app.get(ChannelSecretsService);
  assert.deepEqual(secrets.open({ id, credentials: row.credentials }), {
    accessToken: NEW_ACCESS_TOKEN,
    appSecret: APP_SECRET,
  });
  assert.throws(
    () => secrets.open({ id: assistantId, credentials: row.credentials }),
    'bound to its channel id',
  );
  // the token was sent to Meta, in the header only
  const call = graph.requests.find((r) => r.path.endsWith('/ig-42'));
  assert.equal(call?.headers.authorization, `Bearer ${NEW_ACCESS_TOKEN}`);
  assert.ok(
    !call?.path.includes(NEW_ACCESS_TOKEN) && !JSON.stringify(call?.query).includes(NEW_ACCESS_TOKEN),
  );
});

test('the same account cannot be connected twice, even by another workspace', async () => {
  assert.equal((await createChannel({ type: 'whatsapp', externalId: 'dup-1' })).status, 201);
  const again = await createChannel({ type: 'whatsapp', externalId: 'dup-1' });
  assert.equal(again.status, 409);
  assert.match(again.body.message, /already connected/);
  const other = await signup(api, 'Other');
  const otherAssistant = (
    await api.post('/api/assistants', { name: 'B', instructions: 'x' }, other.accessToken)
  ).body.id;
  const elsewhere = await api.post(
    '/api/channels',
    { type: 'whatsapp', assistantId: otherAssistant, externalId: 'dup-1', accessToken: 'x' },
    other.accessToken,
  );
  assert.equal(elsewhere.status, 409);
  assert.equal(
    (await createChannel({ type: 'messenger', externalId: 'dup-1' })).status,
    201,
    'other type: fine',
  );
});

test('test connection reads the account with the stored token; error 190 marks it needs_reauth until a new token', async () => {
  graph.registerPhoneNumber('15550001', { displayPhoneNumber: '+1 555-000-1', verifiedName: 'Lumière' });
  const { body: channel } = await createChannel({ type: 'whatsapp', externalId: '15550001' });
  const ok = await api.post(`/api/channels/${channel.id}/test`, {}, admin.accessToken);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.ok, true);
  assert.equal(ok.body.details.verified_name, 'Lumière');
  assert.equal(ok.body.status, 'active');
  const request = graph.requests.at(-1);
  assert.equal(request?.path, `/${app.config.meta.graphVersion}/15550001`);

  graph.failNext({ code: 190, status: 401, path: '/15550001' });
  const expired = await api.post(`/api/channels/${channel.id}/test`, {}, admin.accessToken);
  assert.equal(expired.status, 200);
  assert.equal(expired.body.ok, false);
  assert.equal(expired.body.error.code, 190);
  assert.equal(expired.body.status, 'needs_reauth');
  const stored = await api.get(`/api/channels/${channel.id}`, admin.accessToken);
  assert.equal(stored.body.status, 'needs_reauth');
  assert.equal(stored.body.lastError.code, 190);

  const fixed = await api.patch(
    `/api/channels/${channel.id}`,
    { accessToken: NEW_ACCESS_TOKEN },
    admin.accessToken,
  );
  assert.equal(fixed.body.status, 'active');
  assert.equal(fixed.body.lastError, null);

  graph.failNext({ code: 100, path: '/15550001', message: 'Unsupported get request' });
  const other = await api.post(`/api/channels/${channel.id}/test`, {}, admin.accessToken);
  assert.equal(other.body.ok, false);
  assert.equal(other.body.status, 'active', 'only an invalid token asks for re-authorisation');
});

test('unreachable Graph API is reported, not thrown', async () => {
  const { body: channel } = await createChannel({ type: 'messenger', externalId: 'page-reset' });
  graph.resetConnection({ path: '/page-reset' });
  const res = await api.post(`/api/channels/${channel.id}/test`, {}, admin.accessToken);
  assert.equal(res.status, 200);
  assert.equal(res.body.ok, false);
  assert.equal(res.body.error.code, 'unreachable');
});

test('PATCH changes assistant, name, status and app secret; needs_reauth cannot be set by hand', async () => {
  const { body: channel } = await createChannel({ type: 'messenger', externalId: 'page-patch' });
  const other = (await api.post('/api/assistants', { name: 'Other', instructions: 'x' }, admin.accessToken))
    .body.id;
  const patched = await api.patch(
    `/api/channels/${channel.id}`,
    { assistantId: other, name: 'Support page', status: 'disabled', appSecret: APP_SECRET },
    admin.accessToken,
  );
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.assistantId, other);
  assert.equal(patched.body.name, 'Support page');
  assert.equal(patched.body.status, 'disabled');
  assert.equal(patched.body.ownApp, true);
  assert.equal(patched.body.webhookUrl, `https://cria.example.com/webhooks/messenger/${channel.id}`);
  const back = await api.patch(
    `/api/channels/${channel.id}`,
    { appSecret: null, status: 'active' },
    admin.accessToken,
  );
  assert.equal(back.body.ownApp, false);
  assert.equal(back.body.webhookUrl, 'https://cria.example.com/webhooks/messenger');
  const refused = await api.patch(
    `/api/channels/${channel.id}`,
    { status: 'needs_reauth' },
    admin.accessToken,
  );
  assert.equal(refused.status, 400);
  assert.match(refused.body.message, /status/);
  const filtered = await api.get('/api/channels?type=messenger&status=active', admin.accessToken);
  assert.ok(
    filtered.body.items.every(
      (c: { type: string; status: string }) => c.type === 'messenger' && c.status === 'active',
    ),
  );
  assert.ok(filtered.body.items.some((c: { id: string }) => c.id === channel.id));
});

test('validation names the field: type, unknown fields, oversized token, bad ids', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ type: 'telegram', externalId: '1' }, /type must be one of/],
    [{ type: 'whatsapp', externalId: '1', webhookSecret: 'x' }, /webhookSecret should not exist/],
    [{ type: 'whatsapp', externalId: '1', accessToken: 'x'.repeat(4097) }, /accessToken must be shorter/],
    [{ type: 'whatsapp', externalId: 'a b' }, /externalId/],
    [{ type: 'whatsapp', externalId: '1', assistantId: 'nope' }, /assistantId must be a UUID/],
    [{ type: 'whatsapp', externalId: '1', verifyToken: 'short' }, /verifyToken must be longer/],
  ];
  for (const [body, message] of cases) {
    const res = await createChannel(body);
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 60)}: ${res.text}`);
    assert.match(res.body.message, message);
  }
});

test('delete removes the channel', async () => {
  const { body: channel } = await createChannel({ type: 'whatsapp', externalId: 'to-delete' });
  assert.equal((await api.delete(`/api/channels/${channel.id}`, admin.accessToken)).status, 204);
  assert.equal((await api.get(`/api/channels/${channel.id}`, admin.accessToken)).status, 404);
  assert.equal(
    (await createChannel({ type: 'whatsapp', externalId: 'to-delete' })).status,
    201,
    'the number is free again',
  );
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { ApiClient, signup, type Session } from '../support/api-client';
import { failedJob, testQueue } from '../support/inbox-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;
let a: Session;
let b: Session;
let channelA: string;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  a = await signup(api, 'Ops A');
  b = await signup(api, 'Ops B');
  const assistant = await api.post('/api/assistants', { name: 'Bot', instructions: 'x' }, a.accessToken);
  channelA = (
    await api.post(
      '/api/channels',
      {
        type: 'whatsapp',
        assistantId: assistant.body.id,
        externalId: `ops-${randomUUID().slice(0, 6)}`,
        accessToken: 'EAA',
      },
      a.accessToken,
    )
  ).body.id;
});
after(() => app.close());

test('failed jobs: a workspace sees and replays its own, never another’s nor cross-tenant ones', async () => {
  const mine = await failedJob(app, 'outbound', {
    tenantId: a.tenantId,
    messageId: randomUUID(),
    channelId: channelA,
  });
  const theirs = await failedJob(app, 'outbound', {
    tenantId: b.tenantId,
    messageId: randomUUID(),
    channelId: randomUUID(),
  });
  await failedJob(app, 'maintenance', { kind: 'reconcile', tenantId: null });

  const list = await api.get('/api/jobs/failed', a.accessToken);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    list.body.items.map((j: { id: string; queue: string }) => [j.queue, j.id]),
    [['outbound', mine]],
  );
  const job = list.body.items[0];
  assert.equal(job.name, 'send');
  assert.match(String(job.failedReason), /Graph API said no/);
  assert.equal(job.attemptsMade, 1);
  assert.ok(job.timestamp > 0);
  assert.deepEqual((await api.get('/api/jobs/failed?queue=inbound', a.accessToken)).body.items, []);
  assert.equal((await api.get('/api/jobs/failed?queue=nope', a.accessToken)).status, 400);

  assert.equal((await api.post(`/api/jobs/failed/outbound/${theirs}/retry`, {}, a.accessToken)).status, 404);
  const retried = await api.post(`/api/jobs/failed/outbound/${mine}/retry`, {}, a.accessToken);
  assert.equal(retried.status, 200, retried.text);
  const queue = testQueue(app, 'outbound');
  try {
    assert.equal(await (await queue.getJob(mine))?.getState(), 'waiting');
    assert.equal(await (await queue.getJob(theirs))?.getState(), 'failed');
  } finally {
    await queue.close();
  }
  const again = await api.post(`/api/jobs/failed/outbound/${mine}/retry`, {}, a.accessToken);
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'job_not_failed');
  const audit = await api.get('/api/audit-log?action=job.retry', a.accessToken);
  assert.equal(audit.body.items[0].targetId, `outbound:${mine}`);
});

test('usage per day and channel, with totals, for a date range and channel', async () => {
  await ownerQuery(
    app.db.url,
    `INSERT INTO usage_daily (tenant_id, day, channel_id, messages_in, messages_out, tokens_in, tokens_out, inference_ms) VALUES
       ($1, '2025-03-01', $2, 10, 9, 1000, 400, 5000),
       ($1, '2025-03-02', $2, 3, 3, 300, 120, 900),
       ($1, '2025-03-02', NULL, 0, 1, 50, 20, 100),
       ($1, '2025-04-01', $2, 99, 99, 9999, 9999, 9999),
       ($3, '2025-03-01', NULL, 500, 500, 500, 500, 500)`,
    [a.tenantId, channelA, b.tenantId],
  );
  const res = await api.get('/api/usage?from=2025-03-01&to=2025-03-31', a.accessToken);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(
    res.body.items.map(
      (i: { day: string; channelId: string | null; messagesIn: number; tokensOut: number }) => [
        i.day,
        i.channelId,
        i.messagesIn,
        i.tokensOut,
      ],
    ),
    [
      ['2025-03-01', channelA, 10, 400],
      ['2025-03-02', null, 0, 20],
      ['2025-03-02', channelA, 3, 120],
    ],
  );
  assert.deepEqual(res.body.totals, {
    messagesIn: 13,
    messagesOut: 13,
    tokensIn: 1350,
    tokensOut: 540,
    inferenceMs: 6000,
  });
  const byChannel = await api.get(
    `/api/usage?from=2025-03-01&to=2025-03-31&channelId=${channelA}`,
    a.accessToken,
  );
  assert.equal(byChannel.body.items.length, 2);
  const defaults = await api.get('/api/usage', a.accessToken);
  assert.equal(defaults.status, 200);
  assert.equal(defaults.body.to, new Date().toISOString().slice(0, 10));
  for (const [query, field] of [
    ['from=2025-03-31&to=2025-03-01', /from must not be after to/],
    ['from=2025-02-30', /from is not a calendar date/],
    ['from=yesterday', /from must be a date/],
    ['from=2020-01-01&to=2025-01-01', /366 days/],
  ] as const) {
    const bad = await api.get(`/api/usage?${query}`, a.accessToken);
    assert.equal(bad.status, 400, query);
    assert.match(bad.body.message, field);
  }
});

test('the audit log records who changed what, when, from where, newest first, paged and filtered', async () => {
  const created = await api.request('POST', '/api/assistants', {
    token: a.accessToken,
    body: { name: 'Audited', instructions: 'x' },
    headers: { 'user-agent': 'audit-test/1.0', 'x-forwarded-for': '198.51.100.4' },
  });
  await api.patch(`/api/assistants/${created.body.id}`, { greeting: 'Hello' }, a.accessToken);
  await api.post(`/api/assistants/${created.body.id}/publish`, {}, a.accessToken);
  await api.delete(`/api/assistants/${created.body.id}`, a.accessToken);

  const entries = await api.get(`/api/audit-log?targetId=${created.body.id}`, a.accessToken);
  assert.deepEqual(
    entries.body.items.map((e: { action: string }) => e.action),
    ['assistant.delete', 'assistant.publish', 'assistant.update', 'assistant.create'],
  );
  const creation = entries.body.items[3];
  assert.deepEqual(creation.actor, {
    type: 'user',
    userId: a.userId,
    email: a.email,
    apiKeyId: null,
    apiKeyName: null,
  });
  assert.equal(creation.ip, '198.51.100.4');
  assert.equal(creation.userAgent, 'audit-test/1.0');
  assert.equal(creation.targetType, 'assistant');
  assert.equal(entries.body.items[2].details.fields[0], 'greeting');
  assert.equal(entries.body.items[1].details.version, 2);

  const byPrefix = await api.get('/api/audit-log?action=assistant.', a.accessToken);
  assert.ok(byPrefix.body.items.every((e: { action: string }) => e.action.startsWith('assistant.')));
  const first = await api.get('/api/audit-log?limit=2', a.accessToken);
  const second = await api.get(`/api/audit-log?limit=2&cursor=${first.body.nextCursor}`, a.accessToken);
  assert.ok(Number(second.body.items[0].id) < Number(first.body.items[1].id));
  assert.ok(
    !(await api.get('/api/audit-log?limit=100', b.accessToken)).body.items.some(
      (e: { targetId: string }) => e.targetId === created.body.id,
    ),
  );
  // a failed change leaves no entry (the entry is written in the change's transaction)
  const before = (await ownerQuery<{ n: number }>(app.db.url, `SELECT count(*)::int AS n FROM audit_log`))[0]
    .n;
  await api.post(`/api/assistants/${created.body.id}/publish`, {}, a.accessToken);
  await api.post(
    '/api/channels',
    { type: 'whatsapp', assistantId: randomUUID(), externalId: 'x', accessToken: 'y' },
    a.accessToken,
  );
  const after = (await ownerQuery<{ n: number }>(app.db.url, `SELECT count(*)::int AS n FROM audit_log`))[0]
    .n;
  assert.equal(after, before);
});

test('OpenAPI documents the admin API with its DTOs and both bearer schemes', async () => {
  const doc = (await (await fetch(`${app.url}/api/docs-json`)).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  const create = doc.paths['/api/assistants'].post;
  assert.deepEqual(create.tags, ['assistants']);
  assert.deepEqual(create.security, [{ jwt: [] }, { 'api-key': [] }]);
  assert.ok(doc.components.schemas.CreateAssistantDto.required?.includes('instructions'));
  assert.ok(doc.components.schemas.CreateChannelDto.properties?.accessToken);
  assert.ok(
    !doc.components.schemas.ChannelView.properties?.accessToken,
    'credentials are not in the response schema',
  );
  assert.ok(doc.components.schemas.ConversationView);
  assert.equal(doc.paths['/api/auth/signup'].post.security, undefined);
});

test('settings: everyone reads the workspace, admins rename it and set its daily quotas', async () => {
  const read = await api.get('/api/settings', a.accessToken);
  assert.deepEqual(
    {
      name: read.body.name,
      dailyMessageQuota: read.body.dailyMessageQuota,
      dailyTokenQuota: read.body.dailyTokenQuota,
    },
    { name: 'Ops A', dailyMessageQuota: null, dailyTokenQuota: null },
  );
  const changed = await api.patch(
    '/api/settings',
    { name: 'Ops A Ltd', dailyMessageQuota: 500 },
    a.accessToken,
  );
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.name, 'Ops A Ltd');
  assert.equal(changed.body.dailyMessageQuota, 500);
  const [row] = await ownerQuery<{ name: string; daily_message_quota: number }>(
    app.db.url,
    `SELECT name, daily_message_quota FROM tenants WHERE id = $1`,
    [a.tenantId],
  );
  assert.deepEqual(row, { name: 'Ops A Ltd', daily_message_quota: 500 });
  const cleared = await api.patch('/api/settings', { dailyMessageQuota: null }, a.accessToken);
  assert.equal(cleared.body.dailyMessageQuota, null);
  for (const body of [{ dailyTokenQuota: -1 }, { name: '' }, { plan: 'pro' }]) {
    const bad = await api.patch('/api/settings', body, a.accessToken);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.match(bad.body.message, new RegExp(Object.keys(body)[0]));
  }
  assert.equal((await api.get('/api/settings', b.accessToken)).body.name, 'Ops B', 'each workspace its own');
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { ApiClient, addMember, signup, uniqueEmail, type Session } from '../support/api-client';
import { failedJob, seedConversation, testQueue, type SeededConversation } from '../support/inbox-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Two workspaces. Tenant B, with its owner's token (the most powerful), aims at every resource of
 * tenant A: each answer must be the 404 a missing id gets, and nothing of A may change.
 */
let app: TestApp;
let api: ApiClient;
let a: Session;
let b: Session;
let aAgent: Session;
const ids = {} as {
  assistant: string;
  channel: string;
  apiKey: string;
  invitation: string;
  job: string;
  conversation: SeededConversation;
  bChannel: string;
  bConversation: SeededConversation;
};

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  [a, b] = [await signup(api, 'Tenant A'), await signup(api, 'Tenant B')];
  aAgent = await addMember(api, app, a, 'agent');
  for (const [session, key] of [
    [a, 'assistant'],
    [b, 'bAssistant'],
  ] as const) {
    const assistant = await api.post(
      '/api/assistants',
      { name: 'Bot', instructions: 'Help' },
      session.accessToken,
    );
    const channel = await api.post(
      '/api/channels',
      {
        type: 'whatsapp',
        assistantId: assistant.body.id,
        externalId: `pn${randomUUID().slice(0, 8)}`,
        accessToken: 'EAAtoken',
      },
      session.accessToken,
    );
    assert.equal(channel.status, 201, channel.text);
    if (key === 'assistant') {
      ids.assistant = assistant.body.id;
      ids.channel = channel.body.id;
    } else ids.bChannel = channel.body.id;
  }
  ids.conversation = await seedConversation(app, {
    tenantId: a.tenantId,
    channelId: ids.channel,
    contactName: 'Alice of A',
    messages: ['secret order for tenant A', 'noted'],
  });
  ids.bConversation = await seedConversation(app, { tenantId: b.tenantId, channelId: ids.bChannel });
  ids.apiKey = (await api.post('/api/api-keys', { name: 'A key', scopes: ['admin'] }, a.accessToken)).body.id;
  ids.invitation = (
    await api.post(
      '/api/members/invitations',
      { email: uniqueEmail('pending'), role: 'agent' },
      a.accessToken,
    )
  ).body.id;
  ids.job = await failedJob(app, 'outbound', {
    tenantId: a.tenantId,
    messageId: randomUUID(),
    channelId: ids.channel,
  });
  await ownerQuery(
    app.db.url,
    `INSERT INTO usage_daily (tenant_id, day, channel_id, messages_in, tokens_out) VALUES ($1, current_date, $2, 7, 99)`,
    [a.tenantId, ids.channel],
  );
});
after(() => app.close());

/** Everything of tenant A that B might touch, read past RLS. */
async function snapshotA(): Promise<unknown> {
  const q = (sql: string) => ownerQuery(app.db.url, sql, [a.tenantId]);
  const queue = testQueue(app, 'outbound');
  try {
    return {
      assistants: await q(`SELECT * FROM assistants WHERE tenant_id = $1`),
      versions: await q(`SELECT * FROM assistant_versions WHERE tenant_id = $1 ORDER BY version`),
      channels: await q(`SELECT * FROM channels WHERE tenant_id = $1`),
      contacts: await q(`SELECT * FROM contacts WHERE tenant_id = $1`),
      conversations: await q(`SELECT * FROM conversations WHERE tenant_id = $1`),
      messages: await q(`SELECT id, status, content FROM messages WHERE tenant_id = $1 ORDER BY id`),
      memberships: await q(`SELECT * FROM memberships WHERE tenant_id = $1 ORDER BY id`),
      apiKeys: await q(`SELECT id, revoked_at FROM api_keys WHERE tenant_id = $1`),
      invitations: await q(`SELECT id, revoked_at, accepted_at FROM invitations WHERE tenant_id = $1`),
      audit: await q(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`),
      job: await (await queue.getJob(ids.job))?.getState(),
    };
  } finally {
    await queue.close();
  }
}

interface Attempt {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (id: string) => string;
  id: () => string;
  body?: unknown;
  /** An id that exists nowhere (default: a random UUID). */
  missingId?: string;
}

const attempts: Attempt[] = [
  { method: 'GET', path: (id) => `/api/assistants/${id}`, id: () => ids.assistant },
  {
    method: 'PATCH',
    path: (id) => `/api/assistants/${id}`,
    id: () => ids.assistant,
    body: { instructions: 'pwned' },
  },
  { method: 'POST', path: (id) => `/api/assistants/${id}/publish`, id: () => ids.assistant },
  {
    method: 'POST',
    path: (id) => `/api/assistants/${id}/rollback`,
    id: () => ids.assistant,
    body: { version: 1 },
  },
  { method: 'GET', path: (id) => `/api/assistants/${id}/versions`, id: () => ids.assistant },
  { method: 'DELETE', path: (id) => `/api/assistants/${id}`, id: () => ids.assistant },
  { method: 'GET', path: (id) => `/api/channels/${id}`, id: () => ids.channel },
  {
    method: 'PATCH',
    path: (id) => `/api/channels/${id}`,
    id: () => ids.channel,
    body: { status: 'disabled' },
  },
  { method: 'POST', path: (id) => `/api/channels/${id}/test`, id: () => ids.channel },
  { method: 'DELETE', path: (id) => `/api/channels/${id}`, id: () => ids.channel },
  { method: 'GET', path: (id) => `/api/conversations/${id}`, id: () => ids.conversation.conversationId },
  {
    method: 'GET',
    path: (id) => `/api/conversations/${id}/messages`,
    id: () => ids.conversation.conversationId,
  },
  {
    method: 'POST',
    path: (id) => `/api/conversations/${id}/takeover`,
    id: () => ids.conversation.conversationId,
  },
  {
    method: 'POST',
    path: (id) => `/api/conversations/${id}/handback`,
    id: () => ids.conversation.conversationId,
  },
  {
    method: 'POST',
    path: (id) => `/api/conversations/${id}/close`,
    id: () => ids.conversation.conversationId,
  },
  {
    method: 'POST',
    path: (id) => `/api/conversations/${id}/assign`,
    id: () => ids.conversation.conversationId,
    body: { userId: null },
  },
  {
    method: 'POST',
    path: (id) => `/api/conversations/${id}/reply`,
    id: () => ids.conversation.conversationId,
    body: { text: 'hi from B' },
  },
  { method: 'GET', path: (id) => `/api/contacts/${id}`, id: () => ids.conversation.contactId },
  {
    method: 'PATCH',
    path: (id) => `/api/contacts/${id}`,
    id: () => ids.conversation.contactId,
    body: { optedOut: true },
  },
  { method: 'PATCH', path: (id) => `/api/members/${id}`, id: () => aAgent.userId, body: { role: 'admin' } },
  { method: 'DELETE', path: (id) => `/api/members/${id}`, id: () => aAgent.userId },
  { method: 'DELETE', path: (id) => `/api/members/invitations/${id}`, id: () => ids.invitation },
  { method: 'DELETE', path: (id) => `/api/api-keys/${id}`, id: () => ids.apiKey },
  {
    method: 'POST',
    path: (id) => `/api/jobs/failed/outbound/${id}/retry`,
    id: () => ids.job,
    missingId: '999999',
  },
];

test('B aiming at each of A’s ids gets exactly the 404 of a missing id, and nothing of A changes', async () => {
  const before = await snapshotA();
  for (const attempt of attempts) {
    const label = `${attempt.method} ${attempt.path(':id')}`;
    const target = attempt.id();
    const foreign = await api.request(attempt.method, attempt.path(target), {
      token: b.accessToken,
      body: attempt.body,
    });
    const missingId = attempt.missingId ?? randomUUID();
    const missing = await api.request(attempt.method, attempt.path(missingId), {
      token: b.accessToken,
      body: attempt.body,
    });
    assert.equal(foreign.status, 404, `${label}: ${foreign.text}`);
    assert.equal(missing.status, 404, `${label} (missing): ${missing.text}`);
    assert.deepEqual(
      { ...foreign.body, message: foreign.body.message.replace(target, '<id>') },
      { ...missing.body, message: missing.body.message.replace(missingId, '<id>') },
      label,
    );
  }
  assert.deepEqual(await snapshotA(), before);
});

test('malformed ids answer 404 like missing ones', async () => {
  for (const path of [
    '/api/assistants/not-a-uuid',
    '/api/channels/123',
    '/api/conversations/%27%3B--',
    '/api/contacts/x',
    '/api/conversations/abc/messages',
  ]) {
    const res = await api.get(path, a.accessToken);
    assert.equal(res.status, 404, `${path}: ${res.text}`);
    assert.equal(res.body.code, 'not_found');
  }
  assert.equal((await api.delete('/api/members/nope', a.accessToken)).status, 404);
  assert.equal((await api.post('/api/jobs/failed/no-such-queue/1/retry', {}, a.accessToken)).status, 404);
});

test('lists and their filters show B nothing of A', async () => {
  const t = b.accessToken;
  const empty = async (path: string) => {
    const res = await api.get(path, t);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body.items as Array<{ id?: string }>;
  };
  assert.deepEqual(await empty(`/api/conversations?channelId=${ids.channel}`), []);
  assert.deepEqual(await empty(`/api/conversations?q=secret`), []);
  assert.deepEqual(await empty(`/api/conversations?assigneeId=${aAgent.userId}`), []);
  assert.deepEqual(await empty(`/api/contacts?channelId=${ids.channel}`), []);
  assert.deepEqual(await empty(`/api/contacts?q=Alice`), []);
  assert.deepEqual(await empty(`/api/channels?assistantId=${ids.assistant}`), []);
  assert.deepEqual(await empty(`/api/usage?channelId=${ids.channel}`), []);
  assert.deepEqual(await empty(`/api/jobs/failed`), []);
  const conversations = await empty('/api/conversations');
  assert.deepEqual(
    conversations.map((c) => c.id),
    [ids.bConversation.conversationId],
  );
  assert.ok(!(await empty('/api/assistants')).some((x) => x.id === ids.assistant));
  assert.ok(!(await empty('/api/channels')).some((x) => x.id === ids.channel));
  assert.ok(!(await empty('/api/api-keys')).some((x) => x.id === ids.apiKey));
  assert.ok(!(await empty('/api/members/invitations')).some((x) => x.id === ids.invitation));
  const members = (await api.get('/api/members', t)).body.items as Array<{ userId: string }>;
  assert.deepEqual(
    members.map((m) => m.userId),
    [b.userId],
  );
  const audit = (await api.get('/api/audit-log?limit=100', t)).body.items as Array<{
    targetId: string | null;
  }>;
  assert.ok(audit.length > 0);
  assert.ok(!audit.some((e) => [ids.assistant, ids.channel, a.tenantId].includes(e.targetId ?? '')));
  // A still sees its own
  assert.equal(
    (await api.get(`/api/conversations?channelId=${ids.channel}`, a.accessToken)).body.items.length,
    1,
  );
  assert.equal((await api.get('/api/jobs/failed', a.accessToken)).body.items[0].id, ids.job);
});

test('ids of A inside B’s request bodies are refused the same way', async () => {
  const channel = await api.post(
    '/api/channels',
    { type: 'messenger', assistantId: ids.assistant, externalId: 'page-of-b', accessToken: 'EAAb' },
    b.accessToken,
  );
  assert.equal(channel.status, 404);
  assert.match(channel.body.message, /Assistant/);
  const moved = await api.patch(
    `/api/channels/${ids.bChannel}`,
    { assistantId: ids.assistant },
    b.accessToken,
  );
  assert.equal(moved.status, 404);
  const assigned = await api.post(
    `/api/conversations/${ids.bConversation.conversationId}/assign`,
    { userId: aAgent.userId },
    b.accessToken,
  );
  assert.equal(assigned.status, 404);
  assert.match(assigned.body.message, /Member/);
  const [{ n }] = await ownerQuery<{ n: number }>(
    app.db.url,
    `SELECT count(*)::int AS n FROM channels WHERE external_id = 'page-of-b'`,
  );
  assert.equal(n, 0);
});

test('the tenant of a request comes from the credential only, never from the body or query', async () => {
  const res = await api.post(
    '/api/assistants',
    { name: 'Sneaky', instructions: 'x', tenantId: a.tenantId },
    b.accessToken,
  );
  assert.equal(res.status, 400);
  assert.match(res.body.message, /tenantId/);
  const listed = await api.get(`/api/assistants?tenantId=${a.tenantId}`, b.accessToken);
  assert.equal(listed.status, 400);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient, addMember, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { createAssistant, search, settled, upload } from './knowledge-client';

let app: TestApp;
let api: ApiClient;
let a: Session;
let b: Session;
let agentA: Session;
let documentA: string;
let documentB: string;
const SAME_TEXT = 'The Vortex K9 blender costs 89.90 EUR and ships in two days.';

before(async () => {
  app = await startTestApp();
  api = new ApiClient(app.url);
  a = await signup(api, 'Tenant A');
  b = await signup(api, 'Tenant B');
  agentA = await addMember(api, app, a, 'agent');
  const onlyA = await api.post(
    '/api/knowledge/documents',
    { name: 'A secrets', text: 'The ultrasecretive Falcon plan of tenant A.' },
    a.accessToken,
  );
  const sameA = await api.post('/api/knowledge/documents', { name: 'A', text: SAME_TEXT }, a.accessToken);
  const sameB = await api.post('/api/knowledge/documents', { name: 'B', text: SAME_TEXT }, b.accessToken);
  for (const res of [onlyA, sameA, sameB]) assert.equal(res.status, 201, res.text);
  documentA = sameA.body.id;
  documentB = sameB.body.id;
  assert.equal((await settled(api, a.accessToken, onlyA.body.id)).status, 'ready');
  assert.equal((await settled(api, a.accessToken, documentA)).status, 'ready');
  assert.equal((await settled(api, b.accessToken, documentB)).status, 'ready');
});
after(() => app.close());

test("tenant B never retrieves tenant A's passage, even with identical text", async () => {
  for (const query of [SAME_TEXT, 'Vortex K9', 'ultrasecretive Falcon plan']) {
    const { passages } = await search(api, b.accessToken, query, { k: 20 });
    assert.ok(
      passages.every((p) => p.documentId === documentB),
      `${query}: ${JSON.stringify(passages)}`,
    );
  }
  const own = await search(api, b.accessToken, SAME_TEXT);
  assert.deepEqual(
    own.passages.map((p) => p.documentId),
    [documentB],
  );
  assert.ok((own.passages[0].vectorScore ?? 0) > 0.99, 'the same text embeds to the same vector');
  // the passages exist: tenant A finds its own copy
  const ownA = await search(api, a.accessToken, SAME_TEXT);
  assert.ok(ownA.passages.some((p) => p.documentId === documentA));
});

test("another tenant's document answers 404, exactly like a missing one", async () => {
  const path = `/api/knowledge/documents/${documentA}`;
  const get = await api.get(path, b.accessToken);
  assert.equal(get.status, 404);
  assert.equal(get.body.code, 'not_found');
  const missing = await api.get(
    '/api/knowledge/documents/00000000-0000-4000-8000-000000000000',
    b.accessToken,
  );
  assert.equal(missing.status, 404);
  assert.equal(
    missing.body.message.replace(/[0-9a-f-]{36}/, 'ID'),
    get.body.message.replace(/[0-9a-f-]{36}/, 'ID'),
  );
  assert.equal((await api.delete(path, b.accessToken)).status, 404);
  const put = await api.request('PUT', `${path}/assistants`, {
    token: b.accessToken,
    body: { assistantIds: [] },
  });
  assert.equal(put.status, 404);
  // B cannot attach its document to A's assistant either
  const assistantA = await createAssistant(api, a.accessToken, 'A bot');
  const attach = await api.request('PUT', `/api/knowledge/documents/${documentB}/assistants`, {
    token: b.accessToken,
    body: { assistantIds: [assistantA] },
  });
  assert.equal(attach.status, 404);
  const list = await api.get('/api/knowledge/documents', b.accessToken);
  assert.deepEqual(
    list.body.items.map((d: { id: string }) => d.id),
    [documentB],
  );
  assert.equal((await api.get(path, a.accessToken)).status, 200);
});

test('roles: an agent may list and search but not upload, delete, attach or re-index', async () => {
  const token = agentA.accessToken;
  assert.equal((await api.get('/api/knowledge/documents', token)).status, 200);
  assert.equal((await api.get(`/api/knowledge/documents/${documentA}`, token)).status, 200);
  const found = await search(api, token, 'Vortex');
  assert.ok(found.passages.some((p) => p.documentId === documentA));
  const pasted = await api.post('/api/knowledge/documents', { text: 'agent text' }, token);
  assert.equal(pasted.status, 403);
  assert.equal((await upload(api, token, 'a.txt', Buffer.from('agent file'))).status, 403);
  assert.equal((await api.delete(`/api/knowledge/documents/${documentA}`, token)).status, 403);
  const put = await api.request('PUT', `/api/knowledge/documents/${documentA}/assistants`, {
    token,
    body: { assistantIds: [] },
  });
  assert.equal(put.status, 403);
  assert.equal((await api.post('/api/knowledge/reindex', {}, token)).status, 403);
  assert.equal((await api.get('/api/knowledge/documents')).status, 401);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { ApiClient, addMember, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;
let owner: Session;
let assistantId: string;

before(async () => {
  app = await startTestApp();
  api = new ApiClient(app.url);
  owner = await signup(api, 'Playground Co');
  const created = await api.post(
    '/api/assistants',
    { name: 'Tester', instructions: 'Answer briefly.', model: { maxTokens: 12, temperature: 0 } },
    owner.accessToken,
  );
  assert.equal(created.status, 201, created.text);
  assistantId = created.body.id;
});
after(() => app.close());

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

async function chat(
  token: string,
  body: Record<string, unknown>,
  id = assistantId,
): Promise<{ status: number; events: SseEvent[] }> {
  const response = await fetch(`${app.url}/api/assistants/${id}/playground`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.headers.get('content-type')?.startsWith('text/event-stream'))
    return { status: response.status, events: [] };
  const events: SseEvent[] = [];
  for (const block of (await response.text()).split('\n\n')) {
    const event = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
  }
  return { status: response.status, events };
}

test('the playground streams a reply token by token, with tokens and timing, and keeps the session', async () => {
  // the worker loads its model in the background; the first reply waits for it
  const first = await chat(owner.accessToken, { message: 'Hello there' });
  assert.equal(first.status, 200);
  const kinds = first.events.map((e) => e.event);
  assert.equal(kinds[0], 'session');
  assert.ok(
    kinds.filter((k) => k === 'token').length >= 1,
    `tokens streamed: ${JSON.stringify(first.events)}`,
  );
  const done = first.events.find((e) => e.event === 'done');
  assert.ok(done, `ended with done: ${JSON.stringify(first.events.at(-1))}`);
  const streamed = first.events
    .filter((e) => e.event === 'token')
    .map((e) => e.data.text as string)
    .join('');
  assert.equal(streamed, done.data.text, 'the chunks add up to the reply');
  assert.ok((done.data.tokensOut as number) > 0 && (done.data.totalMs as number) > 0);

  const sessionId = first.events[0].data.sessionId as string;
  const second = await chat(owner.accessToken, { message: 'And again', sessionId });
  assert.ok(second.events.some((e) => e.event === 'done'));
  const history = await api.get(`/api/assistants/${assistantId}/playground/${sessionId}`, owner.accessToken);
  assert.equal(history.status, 200);
  assert.deepEqual(
    (history.body as unknown as Array<{ role: string }>).map((m) => m.role),
    ['user', 'assistant', 'user', 'assistant'],
  );
  // recorded apart from customer conversations
  const [{ n }] = await ownerQuery<{ n: number }>(app.db.url, `SELECT count(*)::int AS n FROM messages`);
  assert.equal(n, 0);
});

test('another tenant, an agent, unknown ids and bad input are refused', async () => {
  const other = await signup(api, 'Other Co');
  assert.equal((await chat(other.accessToken, { message: 'hi' })).status, 404);
  const agent = await addMember(api, app, owner, 'agent');
  assert.equal((await chat(agent.accessToken, { message: 'hi' })).status, 403);
  assert.equal(
    (await chat(owner.accessToken, { message: 'hi', sessionId: '00000000-0000-0000-0000-000000000000' }))
      .status,
    404,
  );
  assert.equal((await chat(owner.accessToken, { message: '' })).status, 400);
  assert.equal((await chat(owner.accessToken, { message: 'hi', extra: 1 })).status, 400);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue } from 'bullmq';
import { ConversationLocks } from '@cria/conversations';
import { FakeGraphApi, ownerQuery, type RecordedRequest } from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { testQueue } from '../support/inbox-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

// With no burst window (BURST_WINDOW_MS=0) every message gets its turn at once.
const SECRET = 'immediate-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;
let turns: Queue;

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '0' },
  });
  wa = await seedChannel(app);
  turns = testQueue(app, 'turns');
});
after(async () => {
  await turns.close();
  await app.close();
  await graph.close();
});

const say = (from: string, text: string) =>
  customerSays({ url: app.url, secret: SECRET, channel: wa }, from, text);

const sentTo = (to: string): RecordedRequest[] =>
  graph.requests.filter((r) => (r.body as { to?: string } | undefined)?.to === to);
const pendingTurns = async () => (await turns.getJobs(['delayed', 'waiting', 'active'])).length;

test('a message is answered once, and no turn job is left behind', async () => {
  await say('33655500001', 'Hello, anyone there?');
  await eventually(async () => sentTo('33655500001').length === 1, { what: 'the reply' });
  await eventually(async () => (await pendingTurns()) === 0, { what: 'the turn job done' });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(sentTo('33655500001').length, 1);
});

test('when the conversation is busy, the turns queue answers it once the other turn is done', async () => {
  await say('33655500002', 'first');
  await eventually(async () => sentTo('33655500002').length === 1, { what: 'the first reply' });
  const [{ id: conversationId }] = await ownerQuery<{ id: string }>(
    app.db.url,
    `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1`,
    ['33655500002'],
  );
  // Another turn of this conversation holds its lock: this one waits for it.
  const lock = await app.app.get(ConversationLocks).acquire(conversationId);
  assert.ok(lock);
  await say('33655500002', 'second');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(sentTo('33655500002').length, 1, 'nothing sent while the conversation is busy');
  await lock.release();
  await eventually(async () => sentTo('33655500002').length === 2, { what: 'the second reply' });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(sentTo('33655500002').length, 2);
});

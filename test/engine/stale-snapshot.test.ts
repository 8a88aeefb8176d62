import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConversationBusyError, TurnService } from '@cria/conversations';
import { InferenceEngine, type ChatRequest } from '@cria/inference';
import { FakeGraphApi, instantChatResult, ownerQuery } from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

// A turn reads its snapshot before it holds the conversation's lock (both at once): when another turn
// answered meanwhile, its commit must notice, answer nothing twice, and lose nothing.
const SECRET = 'stale-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;
let turns: TurnService;
/** What the model stand-in does while "thinking": here, another turn's commit landing meanwhile. */
let meanwhile: () => Promise<void> = async () => undefined;

before(async () => {
  graph = await FakeGraphApi.start();
  // a long burst window: the queued turn jobs wait, and the test runs the turns itself
  app = await startTestApp({
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '60000' },
  });
  wa = await seedChannel(app);
  turns = app.app.get(TurnService);
  const engine = app.app.get(InferenceEngine);
  engine.whenReady = async () => undefined;
  engine.chat = async (request: ChatRequest) => {
    await meanwhile();
    const last = request.history[request.history.length - 1]?.content ?? '';
    return instantChatResult(request, `answer to: ${last}`);
  };
});
after(async () => {
  await app?.close();
  await graph.close();
});

async function conversationOf(from: string, messages: number) {
  await customerSays({ url: app.url, secret: SECRET, channel: wa }, from, `message ${messages}`);
  return eventually(
    async () => {
      const rows = await ownerQuery<{ id: string; seq: number; last: number }>(
        app.db.url,
        `SELECT c.id, max(m.seq)::int AS seq, c.last_answered_seq::int AS last FROM conversations c
           JOIN contacts ct ON ct.id = c.contact_id JOIN messages m ON m.conversation_id = c.id
          WHERE ct.external_id = $1 GROUP BY c.id`,
        [from],
      );
      const [row] = rows;
      return row && row.seq >= messages ? row : undefined;
    },
    { what: 'the message recorded' },
  );
}

const replies = (conversationId: string) =>
  ownerQuery<{ content: string }>(
    app.db.url,
    `SELECT content FROM messages WHERE conversation_id = $1 AND direction = 'outbound' ORDER BY seq`,
    [conversationId],
  );

test('another turn answered only earlier messages meanwhile: this one runs again instead of answering them twice', async () => {
  const from = '33677700001';
  await conversationOf(from, 1);
  const { id, seq } = await conversationOf(from, 2);
  meanwhile = () =>
    ownerQuery(app.db.url, `UPDATE conversations SET last_answered_seq = $2 WHERE id = $1`, [
      id,
      seq - 1,
    ]).then(() => undefined);
  await assert.rejects(turns.run({ tenantId: wa.tenantId, conversationId: id, seq }), ConversationBusyError);
  assert.deepEqual(await replies(id), [], 'nothing written by the stale turn');

  // run again (as the turns queue does after a busy answer): a fresh snapshot, one reply to what is left
  meanwhile = async () => undefined;
  assert.equal(await turns.run({ tenantId: wa.tenantId, conversationId: id, seq }), 'replied');
  const written = await replies(id);
  assert.equal(written.length, 1, JSON.stringify(written));
  assert.match(written[0].content, /message 2$/);
});

test('another turn answered all of it meanwhile: nothing is written or sent', async () => {
  const from = '33677700002';
  const { id, seq } = await conversationOf(from, 1);
  meanwhile = () =>
    ownerQuery(app.db.url, `UPDATE conversations SET last_answered_seq = $2 WHERE id = $1`, [id, seq]).then(
      () => undefined,
    );
  const sentBefore = graph.requests.length;
  assert.equal(await turns.run({ tenantId: wa.tenantId, conversationId: id, seq }), 'already_answered');
  assert.deepEqual(await replies(id), []);
  assert.equal(graph.requests.length, sentBefore);
});

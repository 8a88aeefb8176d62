import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConversationLifecycle, SummaryService } from '@cria/conversations';
import { FakeGraphApi, ownerQuery } from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

const SECRET = 'life-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '300' },
  });
  wa = await seedChannel(app, {
    assistant: { model: { temperature: 0, topP: 1, maxTokens: 8, historyTokens: 300, stop: [] } },
  });
});
after(async () => {
  await app.close();
  await graph.close();
});

const say = (from: string, text: string) =>
  customerSays({ url: app.url, secret: SECRET, channel: wa }, from, text);

/** Waits until the conversation has its one bot reply. */
const repliedOnce = (conversationId: string) =>
  eventually(
    async () =>
      (
        await ownerQuery(
          app.db.url,
          `SELECT 1 FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`,
          [conversationId],
        )
      ).length === 1,
    { what: 'the bot reply' },
  );

const conversations = (from: string) =>
  ownerQuery<{ id: string; state: string }>(
    app.db.url,
    `SELECT c.id, c.state FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1 ORDER BY c.created_at`,
    [from],
  );

test('an inactive conversation is closed, and the next message starts a new one that is answered', async () => {
  const from = '33788000001';
  await say(from, 'hello');
  await eventually(
    async () =>
      (
        await ownerQuery(
          app.db.url,
          `SELECT 1 FROM messages WHERE direction = 'outbound' AND status = 'sent'`,
        )
      ).length === 1,
  );
  const [first] = await conversations(from);
  await ownerQuery(
    app.db.url,
    `UPDATE conversations SET last_message_at = now() - interval '25 hours' WHERE id = $1`,
    [first.id],
  );
  // a tenant that turned auto-close off keeps its conversations open
  const other = await seedChannel(app);
  await ownerQuery(app.db.url, `UPDATE tenants SET settings = '{"autoCloseHours": 0}' WHERE id = $1`, [
    other.tenantId,
  ]);

  assert.ok((await app.app.get(ConversationLifecycle).autoClose()) >= 1);
  assert.deepEqual(
    (await conversations(from)).map((c) => c.state),
    ['closed'],
  );

  await say(from, 'me again');
  await eventually(async () => (await conversations(from)).length === 2);
  const [, second] = await conversations(from);
  assert.equal(second.state, 'bot');
  await repliedOnce(second.id);
});

test('a long conversation is summarised, and later prompts use the summary instead of the old turns', async () => {
  const from = '33788000002';
  await say(from, 'start');
  await eventually(async () => (await conversations(from)).length === 1);
  const [conversation] = await conversations(from);
  await repliedOnce(conversation.id);
  const values = Array.from(
    { length: 45 },
    (_, i) =>
      `('${wa.tenantId}', '${conversation.id}', '${wa.channelId}', '${i % 2 ? 'outbound' : 'inbound'}', '${i % 2 ? 'assistant' : 'user'}', 'message ${i}', '${i % 2 ? 'sent' : 'received'}', now() - interval '${60 - i} minutes')`,
  );
  await ownerQuery(
    app.db.url,
    `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, created_at) VALUES ${values.join(',')}`,
  );
  assert.equal(await app.app.get(SummaryService).summarise(wa.tenantId, conversation.id), true);
  const [row] = await ownerQuery<{ summary: string | null; summary_until: Date | null }>(
    app.db.url,
    `SELECT summary, summary_until FROM conversations WHERE id = $1`,
    [conversation.id],
  );
  assert.ok(row.summary && row.summary.length > 0, 'a summary is stored');
  assert.ok(row.summary_until, 'with the time it covers up to');
  // what stays verbatim: the newest 20 messages after the summary
  const [{ n }] = await ownerQuery<{ n: number }>(
    app.db.url,
    `SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.id = $1 AND m.created_at > c.summary_until`,
    [conversation.id],
  );
  assert.equal(n, 20);
});

test('a turn on a long conversation schedules its summary in the background', async () => {
  const from = '33788000003';
  await say(from, 'first');
  await eventually(async () => (await conversations(from)).length === 1);
  const [conversation] = await conversations(from);
  await repliedOnce(conversation.id);
  const values = Array.from(
    { length: 44 },
    (_, i) =>
      `('${wa.tenantId}', '${conversation.id}', '${wa.channelId}', 'outbound', 'assistant', 'older ${i}', 'sent', now() - interval '${60 - i} minutes')`,
  );
  await ownerQuery(
    app.db.url,
    `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, created_at) VALUES ${values.join(',')}`,
  );
  await say(from, 'still there?');
  const [row] = await eventually(async () => {
    const rows = await ownerQuery<{ summary: string | null }>(
      app.db.url,
      `SELECT summary FROM conversations WHERE id = $1`,
      [conversation.id],
    );
    return rows[0].summary ? rows : undefined;
  });
  assert.ok(row.summary!.length > 0);
});

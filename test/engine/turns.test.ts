import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FakeGraphApi,
  ownerQuery,
  whatsappMediaPayload,
  whatsappReactionPayload,
  whatsappTextPayload,
  type RecordedRequest,
} from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

const SECRET = 'engine-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;
let phone = 33_700_000_000;

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '700' },
  });
  wa = await seedChannel(app, {
    assistant: {
      instructions: 'You are the assistant of a test shop.',
      model: { temperature: 0, topP: 1, maxTokens: 12, historyTokens: 400, stop: [] },
      handover: { phrases: ['agent', 'humain'], message: 'A person from our team will answer you here.' },
    },
  });
});
after(async () => {
  await app.close();
  await graph.close();
});

const newCustomer = () => String((phone += 1));

const say = (from: string, text: string, channel = wa) =>
  customerSays({ url: app.url, secret: SECRET, channel }, from, text);

const sentTo = (to: string): RecordedRequest[] =>
  graph.requests.filter((r) => (r.body as { to?: string } | undefined)?.to === to);
const textOf = (r: RecordedRequest) => (r.body as { text?: { body?: string } }).text?.body;
const settle = (ms = 1_500) => new Promise((resolve) => setTimeout(resolve, ms));

async function conversationOf(from: string) {
  const [row] = await ownerQuery<{ id: string; state: string; opted_out_at: Date | null }>(
    app.db.url,
    `SELECT c.id, c.state, ct.opted_out_at FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1`,
    [from],
  );
  return row;
}

test('one text gets one reply, sent to the channel’s phone number id with the channel’s token', async () => {
  const from = newCustomer();
  await say(from, 'Hello, are you open today?');
  const [reply] = await eventually(async () => (sentTo(from).length > 0 ? sentTo(from) : undefined), {
    what: 'a reply',
  });
  assert.equal(reply.path, `/v23.0/${wa.externalId}/messages`);
  assert.equal(reply.headers.authorization, `Bearer ${wa.accessToken}`);
  assert.ok((textOf(reply) ?? '').length > 0);
  await settle();
  assert.equal(sentTo(from).length, 1);
  const [stored] = await ownerQuery<{ status: string; tokens_out: number; role: string }>(
    app.db.url,
    `SELECT m.status, m.tokens_out, m.role FROM messages m WHERE m.conversation_id = $1 AND m.direction = 'outbound'`,
    [(await conversationOf(from)).id],
  );
  assert.equal(stored.role, 'assistant');
  assert.equal(stored.status, 'sent');
  assert.ok(stored.tokens_out > 0, 'token counts recorded');
});

test('a burst of three messages gets one reply with all of them in context', async () => {
  const from = newCustomer();
  await say(from, 'Hi');
  await say(from, 'I would like a cappuccino');
  await say(from, 'and a croissant');
  await eventually(async () => sentTo(from).length > 0, { what: 'a reply' });
  await settle(2_000);
  assert.equal(sentTo(from).length, 1);
  const [usage] = await ownerQuery<{ messages_in: number }>(
    app.db.url,
    `SELECT sum(messages_in)::int AS messages_in FROM usage_daily WHERE channel_id = $1`,
    [wa.channelId],
  );
  assert.ok(usage.messages_in >= 3);
});

test('two conversations in parallel each keep their own order', async () => {
  const [a, b] = [newCustomer(), newCustomer()];
  await Promise.all([say(a, 'first from A'), say(b, 'first from B')]);
  await eventually(async () => sentTo(a).length === 1 && sentTo(b).length === 1, { what: 'first replies' });
  await Promise.all([say(a, 'second from A'), say(b, 'second from B')]);
  await eventually(async () => sentTo(a).length === 2 && sentTo(b).length === 2, { what: 'second replies' });
  for (const from of [a, b]) {
    const rows = await ownerQuery<{ direction: string }>(
      app.db.url,
      `SELECT direction FROM messages WHERE conversation_id = $1 ORDER BY seq`,
      [(await conversationOf(from)).id],
    );
    assert.deepEqual(
      rows.map((r) => r.direction),
      ['inbound', 'outbound', 'inbound', 'outbound'],
    );
  }
});

test('a conversation an agent took over gets no bot reply', async () => {
  const from = newCustomer();
  await say(from, 'hello');
  await eventually(async () => sentTo(from).length === 1);
  await ownerQuery(app.db.url, `UPDATE conversations SET state = 'human' WHERE id = $1`, [
    (await conversationOf(from)).id,
  ]);
  await say(from, 'are you a bot?');
  await settle(2_500);
  assert.equal(sentTo(from).length, 1);
});

test('asking for a human hands the conversation over with the configured message', async () => {
  const from = newCustomer();
  await say(from, 'Je veux parler à un humain');
  await eventually(async () => sentTo(from).length === 1);
  assert.equal(textOf(sentTo(from)[0]), 'A person from our team will answer you here.');
  assert.equal((await conversationOf(from)).state, 'human');
});

test('STOP opts the contact out with a confirmation, and the bot stays silent afterwards', async () => {
  const from = newCustomer();
  await say(from, 'STOP');
  await eventually(async () => sentTo(from).length === 1);
  assert.match(textOf(sentTo(from)[0]) ?? '', /not receive further automated messages/);
  assert.notEqual((await conversationOf(from)).opted_out_at, null);
  await say(from, 'hello?');
  await settle(2_500);
  assert.equal(sentTo(from).length, 1);
});

test('an image gets the assistant’s fallback text', async () => {
  const from = newCustomer();
  const delivery = whatsappMediaPayload({ phoneNumberId: wa.externalId, from, kind: 'image' });
  await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers(SECRET),
  });
  await eventually(async () => sentTo(from).length === 1);
  assert.match(textOf(sentTo(from)[0]) ?? '', /only read text messages/);
});

test('a reaction never triggers a reply', async () => {
  const from = newCustomer();
  await say(from, 'hello');
  await eventually(async () => sentTo(from).length === 1);
  const reaction = whatsappReactionPayload({
    phoneNumberId: wa.externalId,
    from,
    messageId: 'wamid.any',
    emoji: '👍',
  });
  await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: reaction.body,
    headers: reaction.headers(SECRET),
  });
  await settle(2_500);
  assert.equal(sentTo(from).length, 1);
});

test('a message delivered three times is answered once', async () => {
  const from = newCustomer();
  const delivery = whatsappTextPayload({ phoneNumberId: wa.externalId, from, text: 'duplicate?' });
  for (let i = 0; i < 3; i += 1) {
    await fetch(`${app.url}/webhooks/whatsapp`, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers(SECRET),
    });
  }
  await eventually(async () => sentTo(from).length === 1);
  await settle(2_500);
  assert.equal(sentTo(from).length, 1);
});

test('when the tenant’s daily quota is used up, the customer gets the quota reply, never silence', async () => {
  const quota = await seedChannel(app);
  await ownerQuery(app.db.url, `UPDATE tenants SET daily_message_quota = 0 WHERE id = $1`, [quota.tenantId]);
  const from = newCustomer();
  await say(from, 'hello', quota);
  await eventually(async () => sentTo(from).length === 1);
  assert.match(textOf(sentTo(from)[0]) ?? '', /receiving many messages/);
});

test('a greeting goes out before the first answer, and only to a new customer', async () => {
  const greeted = await seedChannel(app, { assistant: { greeting: 'Welcome to the test shop!' } });
  const from = newCustomer();
  await say(from, 'Hello there', greeted);
  const [first, second] = await eventually(
    async () => (sentTo(from).length >= 2 ? sentTo(from) : undefined),
    {
      what: 'greeting and answer',
    },
  );
  assert.equal(textOf(first), 'Welcome to the test shop!');
  assert.notEqual(textOf(second), 'Welcome to the test shop!');
  await settle();
  await say(from, 'And again', greeted);
  await eventually(async () => sentTo(from).length === 3, { what: 'the second answer' });
  assert.notEqual(textOf(sentTo(from)[2]), 'Welcome to the test shop!');
});

test('a reply Meta refuses once for a transient reason is retried and reaches the customer once', async () => {
  const from = newCustomer();
  graph.failNext({ code: 2, status: 500, path: `/${wa.externalId}/messages`, times: 1 });
  await say(from, 'Are you there?');
  await eventually(
    async () => {
      const [row] = await ownerQuery<{ status: string }>(
        app.db.url,
        `SELECT m.status FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
          WHERE ct.external_id = $1 AND m.direction = 'outbound'`,
        [from],
      );
      return row?.status === 'sent';
    },
    { what: 'the retried reply sent' },
  );
  await settle();
  const attempts = sentTo(from);
  assert.equal(attempts.length, 2, 'the refused attempt and the retry');
  assert.equal(textOf(attempts[0]), textOf(attempts[1]));
});

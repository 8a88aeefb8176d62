import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import {
  FakeGraphApi,
  ownerQuery,
  whatsappStatusPayload,
  whatsappTextPayload,
  whatsappMediaPayload,
  messengerEchoPayload,
} from '@cria/testing';
import { InboxEventBus } from '@cria/queue';
import { seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

const SECRET = 'app-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;
let outbound: Queue;

before(async () => {
  graph = await FakeGraphApi.start();
  // The bot's turns wait a minute here: these tests look at delivery alone, without the bot's replies.
  app = await startTestApp({
    env: {
      META_APP_SECRET: SECRET,
      META_GRAPH_URL: graph.url,
      META_GRAPH_VERSION: 'v23.0',
      BURST_WINDOW_MS: '60000',
    },
  });
  wa = await seedChannel(app);
  outbound = new Queue('outbound', { connection: { url: app.env.REDIS_URL }, prefix: app.redisPrefix });
});
after(async () => {
  await outbound.close();
  await app.close();
  await graph.close();
});

async function deliver(body: Buffer, headers: Record<string, string>, path = '/webhooks/whatsapp') {
  const response = await fetch(`${app.url}${path}`, { method: 'POST', body, headers });
  assert.equal(response.status, 200);
}

/** A customer writes in, so the conversation exists with an open window. */
async function customerWrites(from: string, text: string, channel = wa) {
  const delivery = whatsappTextPayload({ phoneNumberId: channel.externalId, from, text, name: 'Ana' });
  await deliver(delivery.body, delivery.headers(SECRET));
  return eventually(
    async () => {
      const [row] = await ownerQuery<{
        conversation_id: string;
        window_expires_at: Date;
        last_inbound_at: Date;
        content: string;
      }>(
        app.db.url,
        `SELECT m.conversation_id, c.window_expires_at, c.last_inbound_at, m.content FROM messages m JOIN conversations c ON c.id = m.conversation_id
        JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = $1 AND m.content = $2`,
        [from, text],
      );
      return row;
    },
    { what: 'inbound message recorded' },
  );
}

async function queueReply(conversationId: string, text: string, channel = wa): Promise<string> {
  const [row] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, idempotency_key)
     VALUES ($1, $2, $3, 'outbound', 'agent', $4, 'pending', gen_random_uuid()::text) RETURNING id`,
    [channel.tenantId, conversationId, channel.channelId, text],
  );
  await outbound.add(
    'send',
    { tenantId: channel.tenantId, messageId: row.id, channelId: channel.channelId },
    { jobId: row.id, attempts: 5, backoff: { type: 'exponential', delay: 200 } },
  );
  return row.id;
}

/** Meta's status webhooks for one of our messages, one delivery each, in the order given. */
async function reportStatuses(
  recipientId: string,
  wamid: string,
  statuses: Array<'sent' | 'delivered' | 'read'>,
): Promise<void> {
  for (const status of statuses) {
    const delivery = whatsappStatusPayload({ phoneNumberId: wa.externalId, recipientId, wamid, status });
    await deliver(delivery.body, delivery.headers(SECRET));
  }
}

const message = async (id: string) =>
  (
    await ownerQuery<{
      status: string;
      provider_message_id: string | null;
      error_code: string | null;
      error_title: string | null;
    }>(
      app.db.url,
      `SELECT status, provider_message_id, error_code, error_title FROM messages WHERE id = $1`,
      [id],
    )
  )[0];

test('an inbound text is recorded with its contact, conversation and a 24 h window', async () => {
  const row = await customerWrites('33612340001', 'Do you have oat milk?');
  const windowMs = new Date(row.window_expires_at).getTime() - new Date(row.last_inbound_at).getTime();
  assert.equal(windowMs, 24 * 3600 * 1000);
  const [contact] = await ownerQuery<{ name: string }>(
    app.db.url,
    `SELECT name FROM contacts WHERE external_id = '33612340001'`,
  );
  assert.equal(contact.name, 'Ana');
});

test('a non-text message is kept with a text the model can read', async () => {
  const delivery = whatsappMediaPayload({
    phoneNumberId: wa.externalId,
    from: '33612340009',
    kind: 'image',
    caption: 'my receipt',
  });
  await deliver(delivery.body, delivery.headers(SECRET));
  const row = await eventually(
    async () =>
      (
        await ownerQuery<{ type: string; content: string }>(
          app.db.url,
          `SELECT m.type, m.content FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id WHERE ct.external_id = '33612340009'`,
        )
      )[0],
  );
  assert.equal(row.type, 'image');
  assert.match(row.content, /Image/);
});

test('an outbound message goes to the channel’s phone number id with its token, and statuses move it forward only', async () => {
  const { conversation_id } = await customerWrites('33612340002', 'Hello');
  graph.clear();
  const id = await queueReply(conversation_id, 'Hi! Yes we do.');
  const [request] = await graph.waitForRequests(1);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, `/v23.0/${wa.externalId}/messages`);
  assert.equal(request.headers.authorization, `Bearer ${wa.accessToken}`);
  assert.deepEqual(request.body, {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '33612340002',
    type: 'text',
    text: { body: 'Hi! Yes we do.', preview_url: false },
  });
  const sent = await eventually(async () =>
    (await message(id)).status === 'sent' ? message(id) : undefined,
  );
  assert.match(sent.provider_message_id ?? '', /^wamid\./);

  await reportStatuses('33612340002', sent.provider_message_id!, ['read', 'delivered', 'sent']);
  await eventually(async () => (await message(id)).status === 'read', { what: 'read status' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await message(id)).status, 'read', 'a late "delivered" or "sent" never moves it back');
});

test('a delivery status that moves a message tells the live inbox; one that does not, does not', async () => {
  const { conversation_id } = await customerWrites('33612340009', 'ticks please');
  const id = await queueReply(conversation_id, 'Here you go');
  const sent = await eventually(async () =>
    (await message(id)).status === 'sent' ? message(id) : undefined,
  );
  const heard: Array<{ type: string; messageId?: string }> = [];
  const stop = await app.app.get(InboxEventBus).subscribe(wa.tenantId, (event) => heard.push(event));
  // what the send itself announced is not what this test is about
  await new Promise((resolve) => setTimeout(resolve, 500));
  heard.length = 0;
  try {
    await reportStatuses('33612340009', sent.provider_message_id!, ['delivered', 'sent']);
    await eventually(async () => heard.some((e) => e.type === 'message.updated' && e.messageId === id), {
      what: 'message.updated for the delivered status',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // the late "sent" changed nothing: no second event
    assert.equal(heard.filter((e) => e.type === 'message.updated' && e.messageId === id).length, 1);
  } finally {
    await stop();
  }
});

test('a status that arrives before the send recorded its id is applied once the id is known', async () => {
  const { conversation_id } = await customerWrites('33612340003', 'Hi again');
  const wamid = 'wamid.early-status-0001';
  const early = whatsappStatusPayload({
    phoneNumberId: wa.externalId,
    recipientId: '33612340003',
    wamid,
    status: 'delivered',
  });
  await deliver(early.body, early.headers(SECRET));
  await eventually(
    async () =>
      (
        await ownerQuery(
          app.db.url,
          `SELECT 1 FROM inbound_events WHERE status = 'unmatched' AND event->>'messageId' = $1`,
          [wamid],
        )
      ).length > 0,
  );
  graph.respondNext({
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: '33612340003', wa_id: '33612340003' }],
      messages: [{ id: wamid }],
    },
    path: '/messages',
  });
  const id = await queueReply(conversation_id, 'Here you go');
  await eventually(async () => (await message(id)).status === 'delivered', { what: 'early status applied' });
});

test('a failed status records Meta’s code and title', async () => {
  const { conversation_id } = await customerWrites('33612340004', 'ping');
  const id = await queueReply(conversation_id, 'pong');
  const sent = await eventually(async () =>
    (await message(id)).provider_message_id ? message(id) : undefined,
  );
  const failed = whatsappStatusPayload({
    phoneNumberId: wa.externalId,
    recipientId: '33612340004',
    wamid: sent.provider_message_id!,
    status: 'failed',
    errors: [{ code: 131026, title: 'Message undeliverable' }],
  });
  await deliver(failed.body, failed.headers(SECRET));
  const row = await eventually(async () =>
    (await message(id)).status === 'failed' ? message(id) : undefined,
  );
  assert.equal(row.error_code, '131026');
  assert.equal(row.error_title, 'Message undeliverable');
});

test('Graph errors: permanent ones fail the message without retry, transient ones are retried, 190 flags the channel', async () => {
  const { conversation_id } = await customerWrites('33612340005', 'errors please');

  graph.failNext({ code: 131047, status: 400, path: '/messages', times: 1 });
  const permanent = await queueReply(conversation_id, 'outside window per Meta');
  const p = await eventually(async () =>
    (await message(permanent)).status === 'failed' ? message(permanent) : undefined,
  );
  assert.equal(p.error_code, '131047');

  graph.clear();
  graph.failNext({ code: 2, status: 500, path: '/messages', times: 1 });
  const transient = await queueReply(conversation_id, 'retry me');
  await eventually(async () => (await message(transient)).status === 'sent', {
    what: 'retried send',
    timeoutMs: 20_000,
  });
  assert.equal(
    graph.requests.filter((r) => (r.body as { text?: { body?: string } })?.text?.body === 'retry me').length,
    2,
  );

  const other = await seedChannel(app);
  const { conversation_id: otherConversation } = await customerWrites('33612340006', 'token test', other);
  graph.failNext({ code: 190, status: 401, path: '/messages', times: 1 });
  const auth = await queueReply(otherConversation, 'token expired', other);
  await eventually(async () => (await message(auth)).status === 'failed');
  const [channel] = await ownerQuery<{ status: string }>(
    app.db.url,
    `SELECT status FROM channels WHERE id = $1`,
    [other.channelId],
  );
  assert.equal(channel.status, 'needs_reauth');
  // further sends stop until the channel is fixed: refused before calling Meta
  const before = graph.requests.length;
  const blocked = await queueReply(otherConversation, 'should not go', other);
  const b = await eventually(async () =>
    (await message(blocked)).status === 'failed' ? message(blocked) : undefined,
  );
  assert.equal(b.error_code, 'channel_needs_reauth');
  assert.equal(graph.requests.length, before);
});

test('outside the 24 h window a free-form message is refused before calling Meta', async () => {
  const { conversation_id } = await customerWrites('33612340007', 'old conversation');
  await ownerQuery(
    app.db.url,
    `UPDATE conversations SET last_inbound_at = now() - interval '25 hours', window_expires_at = now() - interval '1 hour' WHERE id = $1`,
    [conversation_id],
  );
  const before = graph.requests.length;
  const id = await queueReply(conversation_id, 'too late');
  await eventually(async () => (await message(id)).status === 'window_closed');
  assert.equal(graph.requests.length, before);
});

test('a Messenger echo is recorded as an outbound message and never answered', async () => {
  const page = await seedChannel(app, { type: 'messenger' });
  const echo = messengerEchoPayload({
    accountId: page.externalId,
    userId: '24000000009',
    text: 'Sent from the Page inbox',
  });
  const before = graph.requests.length;
  await deliver(echo.body, echo.headers(SECRET), '/webhooks/messenger');
  const row = await eventually(
    async () =>
      (
        await ownerQuery<{ direction: string; status: string }>(
          app.db.url,
          `SELECT direction, status FROM messages WHERE content = 'Sent from the Page inbox'`,
        )
      )[0],
  );
  assert.deepEqual(row, { direction: 'outbound', status: 'sent' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(graph.requests.length, before);
});

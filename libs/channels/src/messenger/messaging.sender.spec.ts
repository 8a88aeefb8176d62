import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Logger } from '@nestjs/common';
import { FakeGraphApi } from '@cria/testing';
import { GraphApiClient } from '../graph/graph-api.client';
import { InstagramSender } from '../instagram/instagram.sender';
import { OutboundValidationError } from '../outbound/outbound-limits';
import { createChannelSenders } from '../outbound/senders';
import { MessengerSender } from './messenger.sender';

const PAGE = { externalId: '682498302938465', accessToken: 'EAAG-page' };
const IG = { externalId: '17841405822304914', accessToken: 'EAAG-ig' };
const PSID = '6783251868364936';
let fake: FakeGraphApi;
let client: GraphApiClient;
let messenger: MessengerSender;
let instagram: InstagramSender;

before(async () => {
  Logger.overrideLogger(false);
  fake = await FakeGraphApi.start();
  client = new GraphApiClient({ graphUrl: fake.url, graphVersion: 'v23.0', timeoutMs: 1_000 });
  messenger = new MessengerSender(client);
  instagram = new InstagramSender(client);
});
after(async () => {
  await client.close();
  await fake.close();
});
beforeEach(() => fake.clear());

const bodies = () =>
  fake.requests.map(
    (r) =>
      r.body as {
        recipient: { id: string };
        messaging_type?: string;
        message?: Record<string, unknown>;
        sender_action?: string;
        tag?: string;
      },
  );

test('Messenger text: page path, recipient + RESPONSE, message_id returned', async () => {
  const result = await messenger.send(PAGE, PSID, { type: 'text', text: 'Hello!' });
  assert.equal(fake.requests[0].path, `/v23.0/${PAGE.externalId}/messages`);
  assert.equal(fake.requests[0].headers.authorization, 'Bearer EAAG-page');
  assert.deepEqual(bodies()[0], {
    recipient: { id: PSID },
    messaging_type: 'RESPONSE',
    message: { text: 'Hello!' },
  });
  assert.match(result.messageIds[0], /^m_/);
  assert.equal(result.messageIds[0], (fake.requests[0].response?.body as { message_id: string }).message_id);

  await messenger.send(
    PAGE,
    PSID,
    { type: 'text', text: 'A human will follow up.' },
    { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' },
  );
  assert.deepEqual([bodies()[1].messaging_type, bodies()[1].tag], ['MESSAGE_TAG', 'HUMAN_AGENT']);
  await assert.rejects(
    messenger.send(PAGE, PSID, { type: 'text', text: 'x' }, { messagingType: 'MESSAGE_TAG' }),
    /needs a tag/,
  );
});

test('Messenger splits at 2000 characters', async () => {
  const text = 'Our opening hours are listed below for every day of the week. '.repeat(50).trim(); // ~3100
  const result = await messenger.send(PAGE, PSID, { type: 'text', text });
  const parts = bodies().map((b) => b.message?.text as string);
  assert.equal(parts.length, 2);
  assert.equal(result.messageIds.length, 2);
  for (const part of parts) assert.ok(part.length <= 2000);
  assert.equal(parts.join(' '), text);
});

test('Instagram: its own account path, and 1000 UTF-8 bytes per message (emoji cost 4)', async () => {
  const text = 'Obrigada pela mensagem 😊 — responderemos já. '.repeat(40).trim(); // ~1900 chars, ~2100 bytes
  assert.ok(text.length < 2000 && Buffer.byteLength(text) > 2000);
  const result = await instagram.send(IG, PSID, { type: 'text', text });
  assert.equal(fake.requests[0].path, `/v23.0/${IG.externalId}/messages`);
  const parts = bodies().map((b) => b.message?.text as string);
  assert.equal(parts.length, 3);
  assert.equal(result.messageIds.length, 3);
  for (const part of parts)
    assert.ok(Buffer.byteLength(part, 'utf8') <= 1000, `${Buffer.byteLength(part)} bytes`);
  assert.equal(parts.join(' '), text);
  assert.equal(bodies()[0].messaging_type, 'RESPONSE');
});

test('quick replies: ≤ 13, titles truncated at 20, on the last part; buttons and lists become quick replies', async () => {
  await messenger.send(PAGE, PSID, {
    type: 'quick_replies',
    text: 'Pick a colour',
    replies: [
      { title: 'Red', payload: 'RED' },
      { title: 'A really long colour name', payload: 'LONG' },
    ],
  });
  assert.deepEqual(bodies()[0].message, {
    text: 'Pick a colour',
    quick_replies: [
      { content_type: 'text', title: 'Red', payload: 'RED' },
      { content_type: 'text', title: 'A really long colou…', payload: 'LONG' },
    ],
  });
  const fourteen = Array.from({ length: 14 }, (_, i) => ({ title: `Q${i}`, payload: `P${i}` }));
  await assert.rejects(
    instagram.send(IG, PSID, { type: 'quick_replies', text: 'x', replies: fourteen }),
    (e: unknown) => e instanceof OutboundValidationError && /at most 13, got 14/.test(e.message),
  );

  await instagram.send(IG, PSID, {
    type: 'buttons',
    body: 'Change or cancel?',
    header: 'Order 42',
    buttons: [
      { id: 'change', title: 'Change' },
      { id: 'cancel', title: 'Cancel' },
    ],
  });
  assert.deepEqual(bodies()[1].message, {
    text: 'Order 42\n\nChange or cancel?',
    quick_replies: [
      { content_type: 'text', title: 'Change', payload: 'change' },
      { content_type: 'text', title: 'Cancel', payload: 'cancel' },
    ],
  });
  await messenger.send(PAGE, PSID, {
    type: 'list',
    body: 'Speed?',
    buttonText: 'Options',
    sections: [{ rows: [{ id: 'fast', title: 'Fast' }] }],
  });
  assert.deepEqual((bodies()[2].message?.quick_replies as unknown[]).length, 1);

  const long = 'Sentence that fills the message. '.repeat(70).trim();
  await messenger.send(PAGE, PSID, {
    type: 'quick_replies',
    text: long,
    replies: [{ title: 'OK', payload: 'OK' }],
  });
  const split = bodies().slice(3);
  assert.equal(split.length, 2);
  assert.equal(split[0].message?.quick_replies, undefined);
  assert.ok(split[1].message?.quick_replies);
});

test('media with caption, templates refused, typing and mark_seen, test connection', async () => {
  const result = await messenger.send(PAGE, PSID, {
    type: 'media',
    mediaType: 'document',
    url: 'https://files.example/menu.pdf',
    caption: 'Our menu',
  });
  assert.deepEqual(bodies()[0].message, {
    attachment: { type: 'file', payload: { url: 'https://files.example/menu.pdf', is_reusable: true } },
  });
  assert.deepEqual(bodies()[1].message, { text: 'Our menu' });
  assert.equal(result.messageIds.length, 2);

  await assert.rejects(
    instagram.send(IG, PSID, { type: 'template', name: 'hello', language: 'en' }),
    /only on WhatsApp/,
  );

  await instagram.showTyping(IG, { recipientId: PSID });
  await messenger.markRead(PAGE, { recipientId: PSID });
  assert.deepEqual(bodies()[2], { recipient: { id: PSID }, sender_action: 'typing_on' });
  assert.deepEqual(bodies()[3], { recipient: { id: PSID }, sender_action: 'mark_seen' });

  assert.deepEqual(await messenger.getAccount(PAGE), { id: PAGE.externalId, name: 'Cria Test Page' });
  assert.deepEqual(await instagram.getAccount(IG), {
    id: IG.externalId,
    name: 'Cria Test',
    username: 'cria.test',
  });
  assert.equal(fake.requests[5].query.fields, 'id,username,name');
});

test('createChannelSenders gives one sender per channel type on one client', () => {
  const senders = createChannelSenders(client);
  assert.deepEqual(
    Object.entries(senders).map(([k, s]) => [k, s.channel]),
    [
      ['whatsapp', 'whatsapp'],
      ['messenger', 'messenger'],
      ['instagram', 'instagram'],
    ],
  );
});

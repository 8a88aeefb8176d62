import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Logger } from '@nestjs/common';
import { FakeGraphApi } from '@cria/testing';
import { GraphApiClient } from '../graph/graph-api.client';
import { GraphApiError } from '../graph/graph-api.error';
import { OutboundValidationError } from '../outbound/outbound-limits';
import { WhatsAppSender } from './whatsapp.sender';

const TARGET = { externalId: '106540352242922', accessToken: 'EAAG-wa' };
const TO = '16315551181';
let fake: FakeGraphApi;
let client: GraphApiClient;
let sender: WhatsAppSender;

before(async () => {
  Logger.overrideLogger(false);
  fake = await FakeGraphApi.start();
  client = new GraphApiClient({ graphUrl: fake.url, graphVersion: 'v23.0', timeoutMs: 1_000 });
  sender = new WhatsAppSender(client);
});
after(async () => {
  await client.close();
  await fake.close();
});
beforeEach(() => fake.clear());

const bodies = () => fake.requests.map((r) => r.body as Record<string, unknown>);

test('text: the exact Cloud API body, the wamid returned, a reply context', async () => {
  const result = await sender.send(TARGET, TO, {
    type: 'text',
    text: 'Hello!',
    replyToMessageId: 'wamid.IN',
  });
  assert.equal(fake.requests[0].path, '/v23.0/106540352242922/messages');
  assert.deepEqual(bodies()[0], {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: TO,
    context: { message_id: 'wamid.IN' },
    type: 'text',
    text: { body: 'Hello!', preview_url: false },
  });
  const answer = fake.requests[0].response?.body as { messages: Array<{ id: string }> };
  assert.deepEqual(result.messageIds, [answer.messages[0].id]);
  assert.match(result.messageIds[0], /^wamid\./);
});

test('a text over 4096 characters goes out as several messages, in order, context on the first', async () => {
  const paragraph = 'This paragraph explains one part of the answer in some detail. '.repeat(20).trim();
  const text = Array.from({ length: 6 }, () => paragraph).join('\n\n'); // ~7.7k characters
  const result = await sender.send(TARGET, TO, { type: 'text', text, replyToMessageId: 'wamid.IN' });
  const sent = bodies().map((b) => (b.text as { body: string }).body);
  assert.equal(sent.length, 2);
  assert.equal(result.messageIds.length, 2);
  for (const part of sent) assert.ok(part.length <= 4096);
  assert.equal(sent.join('\n\n'), text);
  assert.ok(bodies()[0].context);
  assert.equal(bodies()[1].context, undefined);
});

test('reply buttons and lists, with their limits checked before any call', async () => {
  await sender.send(TARGET, TO, {
    type: 'buttons',
    body: 'Change or cancel?',
    header: 'Your order',
    footer: 'Cria shop',
    buttons: [
      { id: 'change', title: 'Change' },
      { id: 'cancel', title: 'Cancel' },
    ],
  });
  assert.deepEqual(bodies()[0].interactive, {
    type: 'button',
    header: { type: 'text', text: 'Your order' },
    footer: { text: 'Cria shop' },
    body: { text: 'Change or cancel?' },
    action: {
      buttons: [
        { type: 'reply', reply: { id: 'change', title: 'Change' } },
        { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
      ],
    },
  });

  await sender.send(TARGET, TO, {
    type: 'list',
    body: 'Pick a delivery speed',
    buttonText: 'Options',
    sections: [
      {
        title: 'Speeds',
        rows: [
          { id: 'express', title: 'Express', description: 'Next day' },
          { id: 'normal', title: 'Normal' },
        ],
      },
    ],
  });
  const list = bodies()[1].interactive as {
    type: string;
    action: { button: string; sections: Array<{ rows: unknown[] }> };
  };
  assert.equal(list.type, 'list');
  assert.equal(list.action.button, 'Options');
  assert.deepEqual(list.action.sections[0].rows, [
    { id: 'express', title: 'Express', description: 'Next day' },
    { id: 'normal', title: 'Normal' },
  ]);

  const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
  await assert.rejects(
    sender.send(TARGET, TO, { type: 'buttons', body: 'x', buttons: four }),
    (e: unknown) => e instanceof OutboundValidationError && /at most 3 buttons, got 4/.test(e.message),
  );
  await assert.rejects(
    sender.send(TARGET, TO, {
      type: 'buttons',
      body: 'x',
      buttons: [{ id: 'a', title: 'A title that is too long' }],
    }),
    /over 20 characters/,
  );
  await assert.rejects(
    sender.send(TARGET, TO, {
      type: 'buttons',
      body: 'x',
      buttons: [
        { id: 'a', title: 'A' },
        { id: 'a', title: 'B' },
      ],
    }),
    /used twice/,
  );
  const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
  await assert.rejects(
    sender.send(TARGET, TO, { type: 'list', body: 'x', buttonText: 'Go', sections: [{ rows }] }),
    /at most 10 rows/,
  );
  await assert.rejects(
    sender.send(TARGET, TO, { type: 'buttons', body: 'x'.repeat(1025), buttons: [{ id: 'a', title: 'A' }] }),
    /1024/,
  );
  await assert.rejects(sender.send(TARGET, TO, { type: 'text', text: '   ' }), /text is empty/);
  assert.equal(fake.requests.length, 2, 'invalid messages never reach the API');
});

test('quick replies map to buttons (≤ 3, titles truncated) or a list (≤ 10)', async () => {
  await sender.send(TARGET, TO, {
    type: 'quick_replies',
    text: 'Sure?',
    replies: [
      { title: 'Yes, absolutely certain', payload: 'YES' },
      { title: 'No', payload: 'NO' },
    ],
  });
  const buttons = bodies()[0].interactive as {
    type: string;
    action: { buttons: Array<{ reply: { id: string; title: string } }> };
  };
  assert.equal(buttons.type, 'button');
  assert.deepEqual(
    buttons.action.buttons.map((b) => b.reply),
    [
      { id: 'YES', title: 'Yes, absolutely cer…' },
      { id: 'NO', title: 'No' },
    ],
  );

  const replies = Array.from({ length: 5 }, (_, i) => ({ title: `Option ${i}`, payload: `P${i}` }));
  await sender.send(TARGET, TO, { type: 'quick_replies', text: 'Choose one', replies, buttonText: 'Choose' });
  assert.equal((bodies()[1].interactive as { type: string }).type, 'list');
});

test('template, media, mark-as-read with typing indicator, test connection', async () => {
  await sender.send(TARGET, TO, {
    type: 'template',
    name: 'order_update',
    language: 'en_US',
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ann' }] }],
  });
  assert.deepEqual(bodies()[0].template, {
    name: 'order_update',
    language: { code: 'en_US', policy: 'deterministic' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ann' }] }],
  });
  await assert.rejects(
    sender.send(TARGET, TO, { type: 'template', name: 'Bad Name', language: 'en' }),
    /not a valid template name/,
  );

  await sender.send(TARGET, TO, {
    type: 'media',
    mediaType: 'document',
    url: 'https://files.example/a.pdf',
    caption: 'Invoice',
    filename: 'a.pdf',
  });
  assert.deepEqual(bodies()[1].document, {
    link: 'https://files.example/a.pdf',
    caption: 'Invoice',
    filename: 'a.pdf',
  });
  assert.equal(bodies()[1].type, 'document');
  await assert.rejects(
    sender.send(TARGET, TO, { type: 'media', mediaType: 'audio', url: 'https://x/a.ogg', caption: 'no' }),
    /no caption/,
  );

  await sender.showTyping(TARGET, { recipientId: TO, messageId: 'wamid.IN' });
  assert.deepEqual(bodies()[2], {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: 'wamid.IN',
    typing_indicator: { type: 'text' },
  });
  await sender.markRead(TARGET, { recipientId: TO, messageId: 'wamid.IN' });
  assert.deepEqual(bodies()[3], { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' });
  await assert.rejects(sender.markRead(TARGET, { recipientId: TO }), OutboundValidationError);

  fake.registerPhoneNumber(TARGET.externalId, {
    displayPhoneNumber: '+1 555-078-3881',
    verifiedName: 'Lucky Shrub',
  });
  const account = await sender.getAccount(TARGET);
  assert.deepEqual(account, {
    id: TARGET.externalId,
    name: 'Lucky Shrub',
    displayPhoneNumber: '+1 555-078-3881',
  });
  assert.equal(fake.requests[4].query.fields, 'id,display_phone_number,verified_name');
});

test('a failure on a later part carries the ids of the parts already sent', async () => {
  const text = `${'First part sentence. '.repeat(190).trim()}\n\n${'Second part sentence. '.repeat(150).trim()}`;
  // The first part is accepted, the second refused.
  fake.respondNext({
    status: 200,
    body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.FIRST' }] },
  });
  fake.failNext({ code: 131047 });
  const error = await sender.send(TARGET, TO, { type: 'text', text }).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GraphApiError);
  assert.deepEqual(error.sentMessageIds, ['wamid.FIRST']);
  assert.equal(error.reason, 'outside_window');
  assert.equal(fake.requests.length, 2);
});

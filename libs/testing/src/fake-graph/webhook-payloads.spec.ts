import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebhook, verifySignature } from '@cria/channels';
import { instagramStoryMentionPayload, messengerPostbackPayload } from './messaging-payloads';
import { combineDeliveries, metaJson, signBody } from './meta-json';
import { whatsappStatusPayload, whatsappTextPayload } from './whatsapp-payloads';

test('metaJson escapes like Meta; signBody matches the platform verifier', () => {
  assert.equal(metaJson({ t: 'é/😀' }).toString(), '{"t":"\\u00e9\\/\\ud83d\\ude00"}');
  const body = metaJson({ hello: 'wörld' });
  const signature = signBody(body, 'secret');
  assert.match(signature, /^sha256=[0-9a-f]{64}$/);
  assert.deepEqual(verifySignature(body, signature, 'secret'), { ok: true });
  assert.deepEqual(verifySignature(body, signature, 'other'), { ok: false, reason: 'mismatch' });
});

test('a WhatsApp text delivery: Meta’s documented shape, exact bytes, headers', () => {
  const hook = whatsappTextPayload({
    phoneNumberId: '106540352242922',
    from: '16315551181',
    text: 'Olá',
    wamid: 'wamid.X',
    name: 'Kerry',
  });
  const value = (
    hook.payload.entry[0] as { changes: Array<{ field: string; value: Record<string, unknown> }> }
  ).changes[0];
  assert.equal(hook.payload.object, 'whatsapp_business_account');
  assert.equal(value.field, 'messages');
  assert.deepEqual(value.value.metadata, {
    display_phone_number: '15550783881',
    phone_number_id: '106540352242922',
  });
  assert.deepEqual(value.value.contacts, [{ profile: { name: 'Kerry' }, wa_id: '16315551181' }]);
  assert.deepEqual(JSON.parse(hook.body.toString()), hook.payload);
  assert.equal(hook.headers('s')['x-hub-signature-256'], hook.signature('s'));
  assert.equal(parseWebhook('whatsapp', hook.body).events[0].eventId, 'wamid.X');
});

test('combineDeliveries batches entries of one object type', () => {
  const batch = combineDeliveries(
    whatsappTextPayload({ phoneNumberId: '1', from: '2', text: 'a' }),
    whatsappStatusPayload({
      phoneNumberId: '1',
      wamid: 'wamid.S',
      status: 'failed',
      recipientId: '2',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    }),
  );
  assert.equal(batch.payload.entry.length, 2);
  assert.deepEqual(
    parseWebhook('whatsapp', batch.body).events.map((e) => e.kind),
    ['message', 'status'],
  );
  assert.throws(
    () =>
      combineDeliveries(
        batch,
        messengerPostbackPayload({ accountId: '1', userId: '2', title: 'x', payload: 'y' }),
      ),
    /one object type/,
  );
  assert.equal(
    instagramStoryMentionPayload({ accountId: '1', userId: '2', url: 'https://s' }).payload.object,
    'instagram',
  );
});

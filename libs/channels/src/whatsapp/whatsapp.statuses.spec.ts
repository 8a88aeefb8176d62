import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  combineDeliveries,
  whatsappPayload,
  whatsappStatusPayload,
  whatsappStatusValue,
  whatsappTextPayload,
  whatsappValue,
} from '@cria/testing';
import type { InboundEvent, MessageEvent, StatusEvent } from '../events/inbound-event';
import { parseWebhook } from '../webhook-parser';
import { parseWhatsAppWebhook } from './whatsapp.parser';

const PHONE = '106540352242922';
const USER = '16315551181';

function only<K extends InboundEvent['kind']>(payload: unknown, kind: K): Extract<InboundEvent, { kind: K }> {
  const result = parseWhatsAppWebhook(payload);
  assert.deepEqual(result.problems, []);
  assert.equal(
    result.events.length,
    1,
    `one event expected, got ${result.events.map((e) => e.kind).join(',')}`,
  );
  const [event] = result.events;
  assert.equal(event.kind, kind);
  return event as Extract<InboundEvent, { kind: K }>;
}

test('statuses sent / delivered / read / failed with errors', () => {
  const sent = only(
    whatsappStatusPayload({
      phoneNumberId: PHONE,
      wamid: 'wamid.OUT1',
      status: 'sent',
      recipientId: USER,
      timestamp: 1_750_000_100,
    }).payload,
    'status',
  );
  assert.equal(sent.eventId, 'status:wamid.OUT1:sent');
  assert.equal(sent.messageId, 'wamid.OUT1');
  assert.equal(sent.externalUserId, USER);
  assert.equal(sent.conversation?.originType, 'service');
  assert.equal(sent.pricing?.billable, true);
  assert.deepEqual(sent.errors, []);

  const read = only(
    whatsappStatusPayload({ phoneNumberId: PHONE, wamid: 'wamid.OUT1', status: 'read', recipientId: USER })
      .payload,
    'status',
  );
  assert.equal(read.eventId, 'status:wamid.OUT1:read');

  const failed = only(
    whatsappStatusPayload({
      phoneNumberId: PHONE,
      wamid: 'wamid.OUT2',
      status: 'failed',
      recipientId: USER,
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      ],
    }).payload,
    'status',
  );
  assert.equal(failed.status, 'failed');
  assert.equal(failed.errors[0].code, 131047);
  assert.equal(failed.errors[0].title, 'Re-engagement message');
  assert.match(failed.errors[0].details ?? '', /24 hours/);
});

test('value-level errors yield an error event', () => {
  const value = whatsappValue(
    { phoneNumberId: PHONE },
    {
      errors: [
        {
          code: 130429,
          title: 'Rate limit hit',
          message: 'Rate limit hit',
          error_data: {
            details:
              'Message failed to send because there were too many messages sent from this phone number in a short period of time',
          },
        },
      ],
    },
  );
  const event = only(whatsappPayload('102290129340398', [value]).payload, 'error');
  assert.equal(event.routingKey, PHONE);
  assert.equal(event.errors[0].code, 130429);
  assert.match(event.eventId, /^error:[0-9a-f]{40}$/);
  assert.equal(
    only(whatsappPayload('102290129340398', [value]).payload, 'error').eventId,
    event.eventId,
    'deterministic',
  );
});

test('a batch: several entries, changes, messages and statuses, in order', () => {
  const second = '299999999999999';
  const twoMessages = whatsappValue(
    { phoneNumberId: PHONE },
    {
      contacts: [
        { profile: { name: 'Ann' }, wa_id: '111' },
        { profile: { name: 'Bob' }, wa_id: '222' },
      ],
      messages: [
        { from: '111', id: 'wamid.A', timestamp: '1750000001', type: 'text', text: { body: 'a' } },
        { from: '222', id: 'wamid.B', timestamp: '1750000002', type: 'text', text: { body: 'b' } },
      ],
    },
  );
  const statuses = whatsappStatusValue({
    phoneNumberId: second,
    wamid: 'wamid.S',
    status: 'delivered',
    recipientId: '333',
  });
  const batch = combineDeliveries(
    whatsappPayload('1', [twoMessages, statuses]),
    whatsappTextPayload({ phoneNumberId: second, from: '444', text: 'c', wamid: 'wamid.C' }),
  );
  const result = parseWebhook('whatsapp', batch.body);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.events.map((e) => [e.kind, e.routingKey, e.eventId]),
    [
      ['message', PHONE, 'wamid.A'],
      ['message', PHONE, 'wamid.B'],
      ['status', second, 'status:wamid.S:delivered'],
      ['message', second, 'wamid.C'],
    ],
  );
  const names = result.events
    .filter((e): e is MessageEvent => e.kind === 'message')
    .map((e) => e.contactName);
  assert.deepEqual(names, ['Ann', 'Bob', 'Test User']);
  assert.equal((result.events[2] as StatusEvent).externalUserId, '333');
});

test('coexistence echoes (smb_message_echoes) are echoes to the user', () => {
  const value = whatsappValue(
    { phoneNumberId: PHONE },
    {
      message_echoes: [
        {
          from: '15550783881',
          to: USER,
          id: 'wamid.ECHO',
          timestamp: '1750000003',
          type: 'text',
          text: { body: 'sent from the app' },
        },
      ],
    },
  );
  const event = only(whatsappPayload('1', [value], 'smb_message_echoes').payload, 'echo');
  assert.equal(event.externalUserId, USER);
  assert.deepEqual(event.content, { type: 'text', text: 'sent from the app' });
});

test('other fields are reported as unknown events; bad items as problems; wrong object yields nothing', () => {
  const template = whatsappPayload(
    '102290129340398',
    [{ event: 'APPROVED', message_template_id: 12345, message_template_name: 'hello' }],
    'message_template_status_update',
  );
  const unknown = only(template.payload, 'unknown');
  assert.equal(unknown.reason, 'field:message_template_status_update');
  assert.equal(unknown.routingKey, '102290129340398');

  const broken = parseWhatsAppWebhook({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              messages: [{ id: 'wamid.X', from: '1', type: 'text', text: { body: 'x' } }],
            },
          },
        ],
      },
      {
        id: '2',
        changes: [
          {
            field: 'messages',
            value: whatsappValue({ phoneNumberId: PHONE }, { messages: [{ type: 'text' }], future_field: 1 }),
          },
        ],
      },
      'nonsense',
    ],
  });
  assert.equal(broken.events.length, 0);
  assert.deepEqual(
    broken.problems.map((p) => [p.code, p.path]),
    [
      ['invalid_change', 'entry[0].changes[0]'],
      ['invalid_item', 'entry[1].changes[0].value.messages[0]'],
      ['invalid_entry', 'entry[2]'],
    ],
  );

  const page = parseWhatsAppWebhook({ object: 'page', entry: [] });
  assert.equal(page.events.length, 0);
  assert.equal(page.object, 'page');
  assert.equal(page.problems[0].code, 'unexpected_object');
});

test('a status Meta adds later is kept as an unknown event with a stable id', () => {
  const value = whatsappValue(
    { phoneNumberId: PHONE },
    {
      statuses: [
        {
          id: 'wamid.NEW',
          status: 'held_for_quality_assessment',
          timestamp: '1750000000',
          recipient_id: USER,
        },
      ],
    },
  );
  const event = only(whatsappPayload('1', [value]).payload, 'unknown');
  assert.equal(event.eventId, 'status:wamid.NEW:held_for_quality_assessment');
  assert.equal(event.reason, 'status:held_for_quality_assessment');
  assert.equal(event.externalUserId, USER);
});

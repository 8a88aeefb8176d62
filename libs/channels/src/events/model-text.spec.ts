import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instagramStoryReplyPayload, messengerPostbackPayload, whatsappStatusPayload } from '@cria/testing';
import { parseWebhook } from '../webhook-parser';
import { contentToModelText, eventToModelText } from './model-text';

test('location, contacts, interactive replies and quick replies become short text', () => {
  assert.deepEqual(
    contentToModelText({
      type: 'location',
      latitude: 37.48,
      longitude: -122.14,
      name: 'Philz Coffee',
      address: '101 Forest Ave',
    }),
    {
      text: '[Location: Philz Coffee, 101 Forest Ave (37.48, -122.14)]',
      isMedia: false,
    },
  );
  assert.equal(
    contentToModelText({ type: 'location', latitude: 1.5, longitude: 2 }).text,
    '[Location: (1.5, 2)]',
  );
  assert.equal(
    contentToModelText({
      type: 'contacts',
      contacts: [{ name: 'Barbara', phones: [{ phone: '+1 940 555' }], emails: ['b@x.com'] }],
    }).text,
    '[Contacts: Barbara (+1 940 555, b@x.com)]',
  );
  assert.equal(
    contentToModelText({
      type: 'interactive',
      reply: { kind: 'button_reply', id: 'yes', title: 'Yes please' },
    }).text,
    'Yes please',
  );
  assert.equal(contentToModelText({ type: 'quick_reply', payload: 'RED', text: 'Red' }).text, 'Red');
  assert.equal(contentToModelText({ type: 'button', payload: 'STOP', text: '' }).text, 'STOP');
  assert.equal(
    contentToModelText({ type: 'unsupported', originalType: 'x', errors: [] }).text,
    '[Unsupported message]',
  );
});

test('media is marked as media, with caption, voice and filename', () => {
  assert.deepEqual(
    contentToModelText({ type: 'image', media: [{ kind: 'image', id: '1' }], caption: 'my receipt' }),
    {
      text: '[Image] my receipt',
      isMedia: true,
      mediaKind: 'image',
    },
  );
  assert.equal(
    contentToModelText({ type: 'audio', media: [{ kind: 'audio', voice: true }] }).text,
    '[Voice message]',
  );
  assert.equal(
    contentToModelText({ type: 'document', media: [{ kind: 'document', filename: 'a.pdf' }] }).text,
    '[Document "a.pdf"]',
  );
  for (const kind of ['image', 'audio', 'video', 'document', 'sticker'] as const) {
    assert.equal(contentToModelText({ type: kind, media: [{ kind }] }).isMedia, true, kind);
  }
});

test('events: postbacks give their title, story replies say so, statuses give nothing', () => {
  const postback = parseWebhook(
    'messenger',
    messengerPostbackPayload({ accountId: '1', userId: '2', title: 'Get Started', payload: 'GET_STARTED' })
      .payload,
  ).events[0];
  assert.deepEqual(eventToModelText(postback), { text: 'Get Started', isMedia: false });
  const story = parseWebhook(
    'instagram',
    instagramStoryReplyPayload({
      accountId: '1',
      userId: '2',
      text: 'So cool',
      storyId: '9',
      storyUrl: 'https://s',
    }).payload,
  ).events[0];
  assert.equal(eventToModelText(story)?.text, '[Reply to your story] So cool');
  const status = parseWebhook(
    'whatsapp',
    whatsappStatusPayload({ phoneNumberId: '1', wamid: 'w', status: 'read', recipientId: '2' }).payload,
  ).events[0];
  assert.equal(eventToModelText(status), undefined);
});

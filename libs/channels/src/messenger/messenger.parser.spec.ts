import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fromAccount,
  fromUser,
  messagingPayload,
  messengerAttachmentPayload,
  messengerEchoPayload,
  messengerPostbackPayload,
  messengerTextPayload,
} from '@cria/testing';
import type { InboundEvent } from '../events/inbound-event';
import { parseMessengerWebhook } from './messenger.parser';

const PAGE = '682498302938465';
const PSID = '6783251868364936';
const scope = { accountId: PAGE, userId: PSID, timestamp: 1_458_692_752_478 };

function only<K extends InboundEvent['kind']>(payload: unknown, kind: K): Extract<InboundEvent, { kind: K }> {
  const result = parseMessengerWebhook(payload);
  assert.deepEqual(result.problems, []);
  assert.equal(result.events.length, 1);
  assert.equal(result.events[0].kind, kind);
  return result.events[0] as Extract<InboundEvent, { kind: K }>;
}

test('text message: page id routes, mid dedupes, PSID is the user, ms timestamp', () => {
  const event = only(
    messengerTextPayload({ ...scope, text: 'hello, world!', mid: 'm_1457764197618:41d102a3e1ae206a38' })
      .payload,
    'message',
  );
  assert.equal(event.channel, 'messenger');
  assert.equal(event.routingKey, PAGE);
  assert.equal(event.eventId, 'm_1457764197618:41d102a3e1ae206a38');
  assert.equal(event.externalUserId, PSID);
  assert.equal(event.timestamp.getTime(), 1_458_692_752_478);
  assert.deepEqual(event.content, { type: 'text', text: 'hello, world!' });
});

test('quick reply payload and reply_to', () => {
  const qr = only(
    messengerTextPayload({ ...scope, text: 'Red', quickReplyPayload: 'COLOR_RED' }).payload,
    'message',
  );
  assert.deepEqual(qr.content, { type: 'quick_reply', payload: 'COLOR_RED', text: 'Red' });
  const reply = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, {
        message: {
          mid: 'm_2',
          text: 'this one',
          reply_to: { mid: 'm_1fTq8oLumEyIp3Q2MR', is_self_reply: false },
        },
      }),
    ]).payload,
    'message',
  );
  assert.deepEqual(reply.context, { messageId: 'm_1fTq8oLumEyIp3Q2MR' });
});

test('attachments: image(s), video, audio, file, location, fallback, template, sticker transition', () => {
  const images = only(
    messengerAttachmentPayload({
      ...scope,
      attachments: [
        { type: 'image', payload: { url: 'https://cdn/a.jpg' } },
        { type: 'image', payload: { url: 'https://cdn/b.jpg' } },
      ],
    }).payload,
    'message',
  );
  assert.ok(images.content.type === 'image');
  assert.deepEqual(
    images.content.media.map((m) => m.url),
    ['https://cdn/a.jpg', 'https://cdn/b.jpg'],
  );

  const kinds = ['video', 'audio', 'file'].map(
    (type) =>
      only(
        messengerAttachmentPayload({
          ...scope,
          attachments: [{ type, payload: { url: `https://cdn/x.${type}` } }],
        }).payload,
        'message',
      ).content.type,
  );
  assert.deepEqual(kinds, ['video', 'audio', 'document']);

  const location = only(
    messengerAttachmentPayload({
      ...scope,
      attachments: [
        {
          type: 'location',
          title: 'Pinned',
          url: 'https://maps',
          payload: { coordinates: { lat: 52.37, long: 4.89 } },
        },
      ],
    }).payload,
    'message',
  );
  assert.deepEqual(location.content, {
    type: 'location',
    latitude: 52.37,
    longitude: 4.89,
    name: 'Pinned',
    url: 'https://maps',
  });

  const fallback = only(
    messengerAttachmentPayload({
      ...scope,
      text: 'look',
      attachments: [
        {
          type: 'fallback',
          title: 'Cria',
          url: 'https://cria.example',
          payload: { url: 'https://cria.example', title: 'Cria home' },
        },
      ],
    }).payload,
    'message',
  );
  assert.deepEqual(fallback.content, {
    type: 'share',
    attachmentType: 'fallback',
    url: 'https://cria.example',
    title: 'Cria home',
  });

  const template = only(
    messengerAttachmentPayload({
      ...scope,
      attachments: [{ type: 'template', payload: { template_type: 'generic', elements: [] } }],
    }).payload,
    'message',
  );
  assert.ok(template.content.type === 'template');
  assert.equal(template.content.templateType, 'generic');

  const sticker = only(
    messengerAttachmentPayload({
      ...scope,
      attachments: [
        { type: 'image', payload: { url: 'https://cdn/s.png', sticker_id: 369239263222822 } },
        { type: 'sticker', payload: { url: 'https://cdn/s.png', sticker_id: 369239263222822 } },
      ],
    }).payload,
    'message',
  );
  assert.ok(sticker.content.type === 'sticker');
  assert.equal(sticker.content.media.length, 1);

  const odd = only(
    messengerAttachmentPayload({ ...scope, attachments: [{ type: 'appointment_booking', payload: {} }] })
      .payload,
    'message',
  );
  assert.deepEqual(odd.content, {
    type: 'unsupported',
    originalType: 'attachment:appointment_booking',
    errors: [],
  });
});

test('postbacks: Get Started with referral, persistent menu; deterministic ids', () => {
  const input = {
    ...scope,
    title: 'Get Started',
    payload: 'GET_STARTED',
    mid: 'm_POSTBACK',
    referral: { ref: 'summer-promo', source: 'SHORTLINK', type: 'OPEN_THREAD' },
  };
  const event = only(messengerPostbackPayload(input).payload, 'postback');
  assert.equal(event.payload, 'GET_STARTED');
  assert.equal(event.title, 'Get Started');
  assert.equal(event.messageId, 'm_POSTBACK');
  assert.deepEqual(event.referral, { ref: 'summer-promo', source: 'SHORTLINK', type: 'OPEN_THREAD' });
  assert.match(event.eventId, /^postback:[0-9a-f]{40}$/);
  assert.equal(
    only(messengerPostbackPayload(input).payload, 'postback').eventId,
    event.eventId,
    'redelivery gives the same id',
  );
  const other = only(messengerPostbackPayload({ ...input, payload: 'MENU_HELP' }).payload, 'postback');
  assert.notEqual(other.eventId, event.eventId);
});

test('referrals (m.me link, ads) and user_ref senders', () => {
  const link = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, { referral: { ref: 'campaign-7', source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
    ]).payload,
    'referral',
  );
  assert.deepEqual(link.referral, { ref: 'campaign-7', source: 'SHORTLINK', type: 'OPEN_THREAD' });
  const ad = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, {
        referral: {
          source: 'ADS',
          type: 'OPEN_THREAD',
          ad_id: '6045246247433',
          ads_context_data: { ad_title: 'Summer' },
        },
      }),
    ]).payload,
    'referral',
  );
  assert.equal(ad.referral.adId, '6045246247433');
  const pluginUser = only(
    {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          messaging: [
            {
              sender: { user_ref: 'USER-REF-ID' },
              recipient: { id: PAGE },
              timestamp: '1527459824',
              postback: { title: 'Hi', payload: 'HI' },
            },
          ],
        },
      ],
    },
    'postback',
  );
  assert.equal(pluginUser.externalUserId, 'USER-REF-ID');
  assert.equal(pluginUser.timestamp.getTime(), 1_527_459_824_000, 'second timestamps are read as seconds');
});

test('echoes are outbound: the user is the recipient, app id and metadata kept', () => {
  const echo = only(
    messengerEchoPayload({ ...scope, text: 'We open at 9.', mid: 'm_ECHO', metadata: 'cria:msg-42' }).payload,
    'echo',
  );
  assert.equal(echo.routingKey, PAGE);
  assert.equal(echo.externalUserId, PSID);
  assert.equal(echo.messageId, 'm_ECHO');
  assert.equal(echo.appId, '1517776481860111');
  assert.equal(echo.metadata, 'cria:msg-42');
  assert.deepEqual(echo.content, { type: 'text', text: 'We open at 9.' });
});

test('deliveries, reads and reactions', () => {
  const delivery = only(
    messagingPayload('page', PAGE, [
      {
        sender: { id: PSID },
        recipient: { id: PAGE },
        delivery: { mids: ['m_B', 'm_A'], watermark: 1_458_668_856_253 },
      },
    ]).payload,
    'delivery',
  );
  assert.deepEqual(delivery.messageIds, ['m_B', 'm_A']);
  assert.equal(delivery.watermark?.getTime(), 1_458_668_856_253);
  assert.match(delivery.eventId, /^delivery:/);

  const read = only(
    messagingPayload('page', PAGE, [fromUser(scope, { read: { watermark: 1_458_668_856_253 } })]).payload,
    'read',
  );
  assert.equal(read.watermark?.getTime(), 1_458_668_856_253);

  const react = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, {
        reaction: { reaction: 'love', emoji: '\u2764\uFE0F', action: 'react', mid: 'm_OURS' },
      }),
    ]).payload,
    'reaction',
  );
  assert.equal(react.messageId, 'm_OURS');
  assert.equal(react.reaction, 'love');
  assert.equal(react.action, 'react');
  const unreact = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, {
        reaction: { reaction: 'love', emoji: '\u2764\uFE0F', action: 'unreact', mid: 'm_OURS' },
      }),
    ]).payload,
    'reaction',
  );
  assert.equal(unreact.action, 'unreact');
  assert.notEqual(unreact.eventId, react.eventId);
});

test('standby (handover protocol) wraps the inner event', () => {
  const standby = only(
    messagingPayload(
      'page',
      PAGE,
      [],
      [fromUser(scope, { message: { mid: 'm_STANDBY', text: 'are you a bot?' } })],
    ).payload,
    'standby',
  );
  assert.equal(standby.eventId, 'standby:m_STANDBY');
  assert.equal(standby.event.kind, 'message');
  assert.equal(standby.externalUserId, PSID);
  const echo = only(
    messagingPayload(
      'page',
      PAGE,
      [],
      [fromAccount(scope, { message: { mid: 'm_E', is_echo: true, text: 'agent reply' } })],
    ).payload,
    'standby',
  );
  assert.equal(echo.event.kind, 'echo');
});

test('handover and unknown items are kept as unknown; test-format changes are read; wrong object reported', () => {
  const pass = only(
    messagingPayload('page', PAGE, [
      fromUser(scope, { pass_thread_control: { new_owner_app_id: '123', metadata: 'to human' } }),
    ]).payload,
    'unknown',
  );
  assert.equal(pass.reason, 'messaging:pass_thread_control');

  const dashboardTest = parseMessengerWebhook({
    object: 'page',
    entry: [
      {
        id: PAGE,
        time: 1,
        changes: [
          {
            field: 'messages',
            value: {
              sender: { id: PSID },
              recipient: { id: PAGE },
              timestamp: '1527459824',
              message: { mid: 'm_T', text: 'test' },
            },
          },
        ],
      },
    ],
  });
  assert.deepEqual(
    dashboardTest.events.map((e) => [e.kind, e.eventId]),
    [['message', 'm_T']],
  );

  const noSender = parseMessengerWebhook({
    object: 'page',
    entry: [{ id: PAGE, messaging: [{ recipient: { id: PAGE }, message: { mid: 'm', text: 'x' } }] }],
  });
  assert.equal(noSender.events.length, 0);
  assert.equal(noSender.problems[0].path, 'entry[0].messaging[0]');

  const instagram = parseMessengerWebhook({
    object: 'instagram',
    entry: [{ id: PAGE, messaging: [fromUser(scope, { message: { mid: 'm', text: 'x' } })] }],
  });
  assert.equal(instagram.problems[0].code, 'unexpected_object');
  assert.equal(instagram.events.length, 0);
});

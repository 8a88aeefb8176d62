import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  whatsappInteractivePayload,
  whatsappLocationPayload,
  whatsappMediaPayload,
  whatsappMessagePayload,
  whatsappReactionPayload,
  whatsappTextPayload,
} from '@cria/testing';
import type { InboundEvent } from '../events/inbound-event';
import { parseWhatsAppWebhook } from './whatsapp.parser';

const PHONE = '106540352242922';
const USER = '16315551181';
const sender = { phoneNumberId: PHONE, from: USER, name: 'Kerry Fisher', timestamp: 1_750_000_000 };

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

test('text message: routing key, wamid as event id, user, profile name, timestamp, raw', () => {
  const hook = whatsappTextPayload({
    ...sender,
    text: 'Hello there',
    wamid: 'wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQUFF',
  });
  const event = only(hook.payload, 'message');
  assert.equal(event.channel, 'whatsapp');
  assert.equal(event.routingKey, PHONE);
  assert.equal(event.eventId, 'wamid.HBgLMTYzMTU1NTExODEVAgASGBQzQUFF');
  assert.equal(event.messageId, event.eventId);
  assert.equal(event.externalUserId, USER);
  assert.equal(event.contactName, 'Kerry Fisher');
  assert.equal(event.timestamp.toISOString(), new Date(1_750_000_000_000).toISOString());
  assert.deepEqual(event.content, { type: 'text', text: 'Hello there' });
  assert.equal((event.raw as { id: string }).id, event.eventId);
});

test('media messages: image, voice note, video, document, sticker', () => {
  const image = only(
    whatsappMediaPayload({ ...sender, kind: 'image', caption: 'my receipt', mediaId: '2754859441498128' })
      .payload,
    'message',
  );
  assert.equal(image.content.type, 'image');
  assert.ok(image.content.type === 'image');
  assert.equal(image.content.caption, 'my receipt');
  assert.equal(image.content.media[0].id, '2754859441498128');
  assert.equal(image.content.media[0].mimeType, 'image/jpeg');

  const voice = only(whatsappMediaPayload({ ...sender, kind: 'audio', voice: true }).payload, 'message');
  assert.ok(voice.content.type === 'audio');
  assert.equal(voice.content.media[0].voice, true);

  const video = only(whatsappMediaPayload({ ...sender, kind: 'video' }).payload, 'message');
  assert.equal(video.content.type, 'video');

  const doc = only(
    whatsappMediaPayload({ ...sender, kind: 'document', filename: 'invoice.pdf', caption: 'see' }).payload,
    'message',
  );
  assert.ok(doc.content.type === 'document');
  assert.equal(doc.content.media[0].filename, 'invoice.pdf');

  const sticker = only(whatsappMediaPayload({ ...sender, kind: 'sticker' }).payload, 'message');
  assert.ok(sticker.content.type === 'sticker');
  assert.equal(sticker.content.media[0].animated, false);
});

test('location and contacts', () => {
  const loc = only(
    whatsappLocationPayload({
      ...sender,
      latitude: 37.483307,
      longitude: -122.148981,
      name: 'Philz Coffee',
      address: '101 Forest Ave, Palo Alto',
    }).payload,
    'message',
  );
  assert.deepEqual(loc.content, {
    type: 'location',
    latitude: 37.483307,
    longitude: -122.148981,
    name: 'Philz Coffee',
    address: '101 Forest Ave, Palo Alto',
  });

  const contacts = only(
    whatsappMessagePayload(sender, {
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson' },
          phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' }],
          emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
          org: { company: 'Lucky Shrub', title: 'Manager' },
        },
      ],
    }).payload,
    'message',
  );
  assert.deepEqual(contacts.content, {
    type: 'contacts',
    contacts: [
      {
        name: 'Barbara J. Johnson',
        phones: [{ phone: '+1 (940) 555-1234', waId: '19405551234', type: 'HOME' }],
        emails: ['bjohnson@example.com'],
        organization: 'Lucky Shrub',
      },
    ],
  });
});

test('interactive button_reply and list_reply, template quick-reply button, with reply context', () => {
  const context = { from: '15550783881', id: 'wamid.PREVIOUS' };
  const button = only(
    whatsappInteractivePayload({
      ...sender,
      context,
      reply: { type: 'button_reply', id: 'change-button', title: 'Change' },
    }).payload,
    'message',
  );
  assert.deepEqual(button.content, {
    type: 'interactive',
    reply: { kind: 'button_reply', id: 'change-button', title: 'Change' },
  });
  assert.deepEqual(button.context, { messageId: 'wamid.PREVIOUS', from: '15550783881' });

  const list = only(
    whatsappInteractivePayload({
      ...sender,
      reply: { type: 'list_reply', id: 'priority_express', title: 'Express', description: 'Next day' },
    }).payload,
    'message',
  );
  assert.deepEqual(list.content, {
    type: 'interactive',
    reply: { kind: 'list_reply', id: 'priority_express', title: 'Express', description: 'Next day' },
  });

  const template = only(
    whatsappMessagePayload(
      { ...sender, context },
      { type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' } },
    ).payload,
    'message',
  );
  assert.deepEqual(template.content, { type: 'button', payload: 'STOP_PROMOS', text: 'Stop promotions' });
});

test('context: referred product and forwarded; click-to-WhatsApp referral', () => {
  const product = only(
    whatsappTextPayload({
      ...sender,
      text: 'Is this in stock?',
      context: {
        from: '15550783881',
        id: 'wamid.CATALOG',
        referred_product: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' },
      },
    }).payload,
    'message',
  );
  assert.deepEqual(product.context?.referredProduct, {
    catalogId: '194836987003835',
    productRetailerId: 'di9ozbzfi4',
  });

  const forwarded = only(
    whatsappTextPayload({ ...sender, text: 'fwd', context: { forwarded: true } }).payload,
    'message',
  );
  assert.deepEqual(forwarded.context, { forwarded: true });

  const ad = only(
    whatsappTextPayload({
      ...sender,
      text: 'Hi from the ad',
      referral: {
        source_url: 'https://fb.me/3cr4Wqqkv',
        source_id: '120226305854810726',
        source_type: 'ad',
        body: 'Summer succulents are here!',
        headline: 'Chat with us',
        media_type: 'image',
        image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/12345.jpg',
        ctwa_clid: 'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0N',
        welcome_message: { text: 'Hi there! Let us know how we can help!' },
      },
    }).payload,
    'message',
  );
  assert.equal(ad.referral?.source, 'ad');
  assert.equal(ad.referral?.sourceId, '120226305854810726');
  assert.equal(ad.referral?.ctwaClid, 'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0N');
  assert.equal(ad.referral?.welcomeText, 'Hi there! Let us know how we can help!');
  assert.equal(ad.referral?.headline, 'Chat with us');
});

test('reactions become reaction events; an empty emoji is an unreact', () => {
  const react = only(
    whatsappReactionPayload({ ...sender, wamid: 'wamid.REACT1', messageId: 'wamid.OURS', emoji: '\u{1F600}' })
      .payload,
    'reaction',
  );
  assert.equal(react.eventId, 'wamid.REACT1');
  assert.equal(react.messageId, 'wamid.OURS');
  assert.equal(react.action, 'react');
  assert.equal(react.emoji, '\u{1F600}');
  const unreact = only(
    whatsappReactionPayload({ ...sender, messageId: 'wamid.OURS', emoji: '' }).payload,
    'reaction',
  );
  assert.equal(unreact.action, 'unreact');
});

test('unsupported and unknown types are kept as messages of type unsupported, never dropped', () => {
  const unsupported = only(
    whatsappMessagePayload(sender, {
      type: 'unsupported',
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    }).payload,
    'message',
  );
  assert.deepEqual(unsupported.content, {
    type: 'unsupported',
    originalType: 'unsupported',
    errors: [
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        details: 'Message type is currently not supported.',
      },
    ],
  });
  const future = only(
    whatsappMessagePayload(sender, { type: 'hologram', hologram: { id: 'x' } }).payload,
    'message',
  );
  assert.deepEqual(future.content, { type: 'unsupported', originalType: 'hologram', errors: [] });
  const order = only(
    whatsappMessagePayload(sender, {
      type: 'order',
      order: {
        catalog_id: '1',
        text: 'please',
        product_items: [{ product_retailer_id: 'sku-1', quantity: '2', item_price: '10.5', currency: 'USD' }],
      },
    }).payload,
    'message',
  );
  assert.deepEqual(order.content, {
    type: 'order',
    catalogId: '1',
    text: 'please',
    items: [{ productRetailerId: 'sku-1', quantity: 2, itemPrice: 10.5, currency: 'USD' }],
  });
});

import { delivery, nextId, type WebhookDelivery } from './meta-json';

export interface WhatsAppScope {
  /** Business phone number id (`metadata.phone_number_id`): the routing key. */
  phoneNumberId: string;
  wabaId?: string;
  displayPhoneNumber?: string;
}

export interface WhatsAppSenderInfo extends WhatsAppScope {
  /** The user's WhatsApp id (phone number digits). */
  from: string;
  /** Profile name (`contacts[0].profile.name`). */
  name?: string;
  wamid?: string;
  /** Unix seconds. */
  timestamp?: number;
  /** `context` of the message (replies, product enquiries). */
  context?: Record<string, unknown>;
  /** Click-to-WhatsApp ad `referral`. */
  referral?: Record<string, unknown>;
}

export function newWamid(): string {
  return `wamid.HBgL${Buffer.from(`cria-${nextId()}`).toString('base64')}`;
}

function seconds(timestamp: number | undefined): string {
  return String(timestamp ?? Math.floor(Date.now() / 1000));
}

/** The `value` of a `messages` change, around the given items. */
export function whatsappValue(scope: WhatsAppScope, items: Record<string, unknown>): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    metadata: {
      display_phone_number: scope.displayPhoneNumber ?? '15550783881',
      phone_number_id: scope.phoneNumberId,
    },
    ...items,
  };
}

/** A `whatsapp_business_account` webhook with one entry holding the given change values. */
export function whatsappPayload(
  wabaId: string,
  values: ReadonlyArray<Record<string, unknown>>,
  field = 'messages',
): WebhookDelivery {
  return delivery({
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, changes: values.map((value) => ({ value, field })) }],
  });
}

/** An inbound message of any type: `message` holds `type` and its object, e.g. `{ type: 'image', image: {…} }`. */
export function whatsappMessagePayload(
  sender: WhatsAppSenderInfo,
  message: Record<string, unknown>,
): WebhookDelivery {
  const value = whatsappValue(sender, {
    contacts: [{ profile: { name: sender.name ?? 'Test User' }, wa_id: sender.from }],
    messages: [
      {
        ...(sender.context ? { context: sender.context } : {}),
        from: sender.from,
        id: sender.wamid ?? newWamid(),
        timestamp: seconds(sender.timestamp),
        ...message,
        ...(sender.referral ? { referral: sender.referral } : {}),
      },
    ],
  });
  return whatsappPayload(sender.wabaId ?? '102290129340398', [value]);
}

export function whatsappTextPayload(input: WhatsAppSenderInfo & { text: string }): WebhookDelivery {
  return whatsappMessagePayload(input, { type: 'text', text: { body: input.text } });
}

export function whatsappMediaPayload(
  input: WhatsAppSenderInfo & {
    kind: 'image' | 'audio' | 'video' | 'document' | 'sticker';
    mediaId?: string;
    mimeType?: string;
    caption?: string;
    filename?: string;
    voice?: boolean;
  },
): WebhookDelivery {
  const defaults = {
    image: 'image/jpeg',
    audio: 'audio/ogg; codecs=opus',
    video: 'video/mp4',
    document: 'application/pdf',
    sticker: 'image/webp',
  };
  const media: Record<string, unknown> = {
    mime_type: input.mimeType ?? defaults[input.kind],
    sha256: 'k4b2hOQKZ4yRLq0G6y7xVHm1SbqXmWLlUYrYF0gYxjE=',
    id: input.mediaId ?? '1003383421387256',
  };
  if (input.caption !== undefined) media.caption = input.caption;
  if (input.filename !== undefined) media.filename = input.filename;
  if (input.voice !== undefined) media.voice = input.voice;
  if (input.kind === 'sticker') media.animated = false;
  return whatsappMessagePayload(input, { type: input.kind, [input.kind]: media });
}

export function whatsappLocationPayload(
  input: WhatsAppSenderInfo & { latitude: number; longitude: number; name?: string; address?: string },
): WebhookDelivery {
  const location: Record<string, unknown> = { latitude: input.latitude, longitude: input.longitude };
  if (input.name !== undefined) location.name = input.name;
  if (input.address !== undefined) location.address = input.address;
  return whatsappMessagePayload(input, { type: 'location', location });
}

export function whatsappInteractivePayload(
  input: WhatsAppSenderInfo & {
    reply: { type: 'button_reply' | 'list_reply'; id: string; title: string; description?: string };
  },
): WebhookDelivery {
  const { type, ...reply } = input.reply;
  return whatsappMessagePayload(input, { type: 'interactive', interactive: { type, [type]: reply } });
}

export function whatsappReactionPayload(
  input: WhatsAppSenderInfo & { messageId: string; emoji: string },
): WebhookDelivery {
  return whatsappMessagePayload(input, {
    type: 'reaction',
    reaction: { message_id: input.messageId, emoji: input.emoji },
  });
}

export interface WhatsAppStatusInput extends WhatsAppScope {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipientId: string;
  timestamp?: number;
  errors?: Array<{ code: number; title: string; message?: string; details?: string }>;
}

export function whatsappStatusValue(input: WhatsAppStatusInput): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: input.wamid,
    status: input.status,
    timestamp: seconds(input.timestamp),
    recipient_id: input.recipientId,
  };
  if (input.status === 'sent' || input.status === 'delivered') {
    status.conversation = {
      id: 'a75d17ad06104c51166f948319b03c6a',
      expiration_timestamp: seconds((input.timestamp ?? Math.floor(Date.now() / 1000)) + 86_400),
      origin: { type: 'service' },
    };
    status.pricing = { billable: true, pricing_model: 'PMP', category: 'service' };
  }
  if (input.errors) {
    status.errors = input.errors.map((e) => ({
      code: e.code,
      title: e.title,
      message: e.message ?? e.title,
      error_data: { details: e.details ?? e.title },
      href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
    }));
  }
  return whatsappValue(input, { statuses: [status] });
}

/** A delivery status of one of our outbound messages (with `errors[]` when it failed). */
export function whatsappStatusPayload(input: WhatsAppStatusInput): WebhookDelivery {
  return whatsappPayload(input.wabaId ?? '102290129340398', [whatsappStatusValue(input)]);
}

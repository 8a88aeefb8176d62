import { delivery, nextId, type WebhookDelivery } from './meta-json';

export interface MessagingScope {
  /** Page id (Messenger) or Instagram professional account id: `entry.id`, the routing key. */
  accountId: string;
  /** The user's PSID (Messenger) or IGSID (Instagram). */
  userId: string;
  /** Milliseconds since the epoch. */
  timestamp?: number;
}

export function newMid(): string {
  return `m_${Buffer.from(`cria-${nextId()}`).toString('base64url')}`;
}

/** A messaging item sent by the user to the account. */
export function fromUser(scope: MessagingScope, event: Record<string, unknown>): Record<string, unknown> {
  return {
    sender: { id: scope.userId },
    recipient: { id: scope.accountId },
    timestamp: scope.timestamp ?? Date.now(),
    ...event,
  };
}

/** A messaging item sent by the account (echoes). */
export function fromAccount(scope: MessagingScope, event: Record<string, unknown>): Record<string, unknown> {
  return {
    sender: { id: scope.accountId },
    recipient: { id: scope.userId },
    timestamp: scope.timestamp ?? Date.now(),
    ...event,
  };
}

/** A webhook of `object` (`page` or `instagram`) with one entry of `messaging[]` (and `standby[]`) items. */
export function messagingPayload(
  object: 'page' | 'instagram',
  accountId: string,
  items: ReadonlyArray<Record<string, unknown>>,
  standby: ReadonlyArray<Record<string, unknown>> = [],
): WebhookDelivery {
  const entry: Record<string, unknown> = { id: accountId, time: Date.now() };
  if (items.length > 0) entry.messaging = items;
  if (standby.length > 0) entry.standby = standby;
  return delivery({ object, entry: [entry] });
}

export interface TextInput extends MessagingScope {
  text: string;
  mid?: string;
  quickReplyPayload?: string;
}

function textMessage(input: TextInput): Record<string, unknown> {
  return {
    mid: input.mid ?? newMid(),
    text: input.text,
    ...(input.quickReplyPayload !== undefined ? { quick_reply: { payload: input.quickReplyPayload } } : {}),
  };
}

export function messengerTextPayload(input: TextInput): WebhookDelivery {
  return messagingPayload('page', input.accountId, [fromUser(input, { message: textMessage(input) })]);
}

export function instagramTextPayload(input: TextInput): WebhookDelivery {
  return messagingPayload('instagram', input.accountId, [fromUser(input, { message: textMessage(input) })]);
}

export interface AttachmentInput extends MessagingScope {
  attachments: Array<{ type: string; payload?: Record<string, unknown>; title?: string; url?: string }>;
  text?: string;
  mid?: string;
  replyTo?: Record<string, unknown>;
}

function attachmentMessage(input: AttachmentInput): Record<string, unknown> {
  return {
    mid: input.mid ?? newMid(),
    ...(input.text !== undefined ? { text: input.text } : {}),
    attachments: input.attachments,
    ...(input.replyTo ? { reply_to: input.replyTo } : {}),
  };
}

export function messengerAttachmentPayload(input: AttachmentInput): WebhookDelivery {
  return messagingPayload('page', input.accountId, [fromUser(input, { message: attachmentMessage(input) })]);
}

export function instagramAttachmentPayload(input: AttachmentInput): WebhookDelivery {
  return messagingPayload('instagram', input.accountId, [
    fromUser(input, { message: attachmentMessage(input) }),
  ]);
}

export function messengerPostbackPayload(
  input: MessagingScope & {
    payload: string;
    title: string;
    mid?: string;
    referral?: Record<string, unknown>;
  },
): WebhookDelivery {
  const postback = {
    mid: input.mid ?? newMid(),
    title: input.title,
    payload: input.payload,
    ...(input.referral ? { referral: input.referral } : {}),
  };
  return messagingPayload('page', input.accountId, [fromUser(input, { postback })]);
}

export function messengerEchoPayload(
  input: MessagingScope & { text: string; mid?: string; appId?: number; metadata?: string },
): WebhookDelivery {
  const message = {
    is_echo: true,
    app_id: input.appId ?? 1517776481860111,
    ...(input.metadata ? { metadata: input.metadata } : {}),
    mid: input.mid ?? newMid(),
    text: input.text,
  };
  return messagingPayload('page', input.accountId, [fromAccount(input, { message })]);
}

export function instagramEchoPayload(
  input: MessagingScope & { text: string; mid?: string },
): WebhookDelivery {
  const message = { mid: input.mid ?? newMid(), text: input.text, is_echo: true };
  return messagingPayload('instagram', input.accountId, [fromAccount(input, { message })]);
}

/** Instagram: the user replied to one of the account's stories (`reply_to.story`). */
export function instagramStoryReplyPayload(
  input: TextInput & { storyId: string; storyUrl: string },
): WebhookDelivery {
  const message = { ...textMessage(input), reply_to: { story: { url: input.storyUrl, id: input.storyId } } };
  return messagingPayload('instagram', input.accountId, [fromUser(input, { message })]);
}

/** Instagram: the user mentioned the account in their story (attachment `story_mention`). */
export function instagramStoryMentionPayload(
  input: MessagingScope & { url: string; mid?: string },
): WebhookDelivery {
  return instagramAttachmentPayload({
    ...input,
    attachments: [{ type: 'story_mention', payload: { url: input.url } }],
  });
}

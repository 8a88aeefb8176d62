import type { ChannelType } from '../channel-type';

/** An error Meta reports inside a webhook (WhatsApp statuses, value-level errors, unsupported messages). */
export interface ProviderError {
  code: number | null;
  title?: string;
  message?: string;
  /** `error_data.details`: the human explanation. */
  details?: string;
  href?: string;
}

/** How the user arrived: click-to-WhatsApp / click-to-Messenger ads, m.me / ig.me links, QR codes. */
export interface Referral {
  /** Messenger/Instagram: `ADS`, `SHORTLINK`, `CUSTOMER_CHAT_PLUGIN`…; WhatsApp: `source_type` (`ad`, `post`). */
  source?: string;
  type?: string;
  ref?: string;
  adId?: string;
  sourceId?: string;
  sourceUrl?: string;
  headline?: string;
  body?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
  refererUri?: string;
  welcomeText?: string;
  productId?: string;
}

/** What the message replies to or was sent from. */
export interface ReplyContext {
  messageId?: string;
  from?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId?: string; productRetailerId?: string };
  /** Instagram story reply (`reply_to.story`). */
  story?: { id?: string; url?: string };
}

export const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaRef {
  kind: MediaKind;
  /** WhatsApp media id (download through the Graph API). */
  id?: string;
  /** Messenger/Instagram CDN URL (and WhatsApp's `url` where present). */
  url?: string;
  mimeType?: string;
  sha256?: string;
  filename?: string;
  /** WhatsApp voice note (recorded in the app) rather than an audio file. */
  voice?: boolean;
  animated?: boolean;
}

export interface SharedContact {
  name: string;
  phones: Array<{ phone?: string; waId?: string; type?: string }>;
  emails: string[];
  organization?: string;
}

export interface InteractiveReply {
  kind: 'button_reply' | 'list_reply' | 'nfm_reply';
  id: string;
  title: string;
  description?: string;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  itemPrice?: number;
  currency?: string;
}

export type MediaContent = { type: MediaKind; media: MediaRef[]; caption?: string };

/** Normalised content of a message; `type` is the message type. */
export type MessageContent =
  | { type: 'text'; text: string }
  | MediaContent
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { type: 'contacts'; contacts: SharedContact[] }
  | { type: 'interactive'; reply: InteractiveReply }
  /** WhatsApp template quick-reply button. */
  | { type: 'button'; payload: string; text: string }
  /** Messenger/Instagram quick reply. */
  | { type: 'quick_reply'; payload: string; text: string }
  | { type: 'story_mention'; url?: string }
  /** Shared link, post, reel or Messenger `fallback` attachment. */
  | { type: 'share'; attachmentType: string; url?: string; title?: string }
  | { type: 'template'; templateType?: string; payload: unknown }
  | { type: 'order'; catalogId?: string; text?: string; items: OrderItem[] }
  | { type: 'system'; text: string; systemType?: string }
  /** Anything we cannot read; kept (never dropped) so the conversation shows it. */
  | { type: 'unsupported'; originalType: string; errors: ProviderError[] };

export type MessageType = MessageContent['type'];

interface EventBase {
  channel: ChannelType;
  /** `phone_number_id` (WhatsApp), page id (Messenger) or Instagram account id: selects the channel. */
  routingKey: string;
  /** Stable provider id for dedupe: `wamid…`, `m_…`, `status:<wamid>:<status>` or a derived hash. */
  eventId: string;
  timestamp: Date;
  /** The provider's event object as received, for audit. */
  raw: unknown;
}

export interface MessageEvent extends EventBase {
  kind: 'message';
  /** wa_id, PSID or IGSID. */
  externalUserId: string;
  messageId: string;
  contactName?: string;
  content: MessageContent;
  context?: ReplyContext;
  referral?: Referral;
}

/** A message the business itself sent (echo): recorded as outbound, never answered. */
export interface EchoEvent extends EventBase {
  kind: 'echo';
  /** The user the message went to. */
  externalUserId: string;
  messageId: string;
  content: MessageContent;
  appId?: string;
  metadata?: string;
}

export const MESSAGE_STATUSES = [
  'sent',
  'delivered',
  'read',
  'failed',
  'deleted',
  'played',
  'warning',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface StatusEvent extends EventBase {
  kind: 'status';
  externalUserId: string;
  /** The wamid of our outbound message. */
  messageId: string;
  status: MessageStatus;
  errors: ProviderError[];
  conversation?: { id?: string; expiresAt?: Date; originType?: string };
  pricing?: { billable?: boolean; category?: string; pricingModel?: string };
  bizOpaqueCallbackData?: string;
}

export interface ReactionEvent extends EventBase {
  kind: 'reaction';
  externalUserId: string;
  /** The message reacted to. */
  messageId: string;
  action: 'react' | 'unreact';
  emoji?: string;
  /** Messenger/Instagram reaction name (`love`, `like`, …). */
  reaction?: string;
}

export interface PostbackEvent extends EventBase {
  kind: 'postback';
  externalUserId: string;
  payload: string;
  title?: string;
  messageId?: string;
  referral?: Referral;
}

export interface ReferralEvent extends EventBase {
  kind: 'referral';
  externalUserId: string;
  referral: Referral;
}

export interface ReadEvent extends EventBase {
  kind: 'read';
  externalUserId: string;
  /** Messenger: everything sent before this time was read. */
  watermark?: Date;
  /** Instagram: the message read. */
  messageId?: string;
}

export interface DeliveryEvent extends EventBase {
  kind: 'delivery';
  externalUserId: string;
  messageIds: string[];
  watermark?: Date;
}

export interface ErrorEvent extends EventBase {
  kind: 'error';
  externalUserId: null;
  errors: ProviderError[];
}

export interface UnknownEvent extends EventBase {
  kind: 'unknown';
  externalUserId: string | null;
  /** What it was: `field:message_template_status_update`, `messaging:pass_thread_control`, `message_deleted`… */
  reason: string;
}

export type StandbyInnerEvent =
  | MessageEvent
  | EchoEvent
  | ReactionEvent
  | PostbackEvent
  | ReferralEvent
  | ReadEvent
  | DeliveryEvent
  | UnknownEvent;

/** An event received while another app controls the thread (handover protocol): observe, don't answer. */
export interface StandbyEvent extends EventBase {
  kind: 'standby';
  externalUserId: string | null;
  event: StandbyInnerEvent;
}

export type InboundEvent =
  | MessageEvent
  | StatusEvent
  | EchoEvent
  | ReactionEvent
  | PostbackEvent
  | ReferralEvent
  | ReadEvent
  | DeliveryEvent
  | StandbyEvent
  | ErrorEvent
  | UnknownEvent;

export type InboundEventKind = InboundEvent['kind'];

export interface ParseProblem {
  code:
    | 'invalid_json'
    | 'not_an_object'
    | 'unexpected_object'
    | 'invalid_entry'
    | 'invalid_change'
    | 'invalid_item';
  message: string;
  /** Where in the payload, e.g. `entry[0].changes[1]`. */
  path?: string;
}

export interface ParseResult {
  channel: ChannelType;
  /** The payload's `object` field, when readable. */
  object: string | null;
  events: InboundEvent[];
  problems: ParseProblem[];
}

export function isMediaContent(content: MessageContent): content is MediaContent {
  return (MEDIA_KINDS as readonly string[]).includes(content.type);
}

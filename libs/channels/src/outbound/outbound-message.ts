import type { ChannelType } from '../channel-type';

/** Who sends: the channel's external id (phone_number_id, page id, Instagram account id) and its token. */
export interface ChannelTarget {
  externalId: string;
  accessToken: string;
}

export interface ReplyButton {
  /** Returned in the webhook when tapped (`button_reply.id` / quick-reply payload). */
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  title?: string;
  rows: ListRow[];
}

export interface QuickReply {
  title: string;
  payload: string;
}

export type OutboundMediaType = 'image' | 'audio' | 'video' | 'document';

/** WhatsApp template parameters, in Meta's own shape. */
export type TemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | {
      type: 'currency';
      currency: { fallback_value: string; code: string; amount_1000: number };
      parameter_name?: string;
    }
  | { type: 'date_time'; date_time: { fallback_value: string }; parameter_name?: string }
  | { type: 'image'; image: { link: string } | { id: string } }
  | { type: 'video'; video: { link: string } | { id: string } }
  | { type: 'document'; document: ({ link: string } | { id: string }) & { filename?: string } }
  | { type: 'payload'; payload: string }
  | { type: 'coupon_code'; coupon_code: string };

export interface TemplateComponent {
  type: 'header' | 'body' | 'footer' | 'button';
  sub_type?: 'quick_reply' | 'url' | 'copy_code' | 'flow';
  index?: number;
  parameters?: TemplateParameter[];
}

/**
 * What to send, channel-neutral. Where a channel lacks a form it is mapped: on Messenger and Instagram
 * reply buttons and list rows become quick replies; on WhatsApp quick replies become reply buttons (≤ 3)
 * or a list (≤ 10). Templates are WhatsApp-only.
 */
export type OutboundMessage =
  | { type: 'text'; text: string; previewUrl?: boolean; replyToMessageId?: string }
  | {
      type: 'buttons';
      body: string;
      buttons: ReplyButton[];
      header?: string;
      footer?: string;
      replyToMessageId?: string;
    }
  | {
      type: 'list';
      body: string;
      buttonText: string;
      sections: ListSection[];
      header?: string;
      footer?: string;
      replyToMessageId?: string;
    }
  | { type: 'quick_replies'; text: string; replies: QuickReply[]; buttonText?: string }
  | { type: 'template'; name: string; language: string; components?: TemplateComponent[] }
  | { type: 'media'; mediaType: OutboundMediaType; url: string; caption?: string; filename?: string };

export interface SendOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Messenger/Instagram: `RESPONSE` (default), `UPDATE`, or `MESSAGE_TAG` with `tag` (e.g. `HUMAN_AGENT`). */
  messagingType?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: string;
}

export interface SendResult {
  /** Provider ids of what was sent, in order (several when a long text was split). */
  messageIds: string[];
}

export interface ChannelAccountInfo {
  id: string;
  name?: string;
  displayPhoneNumber?: string;
  username?: string;
}

/** One sender per channel type, on a shared {@link GraphApiClient}. */
export interface ChannelSender {
  readonly channel: ChannelType;
  send(
    target: ChannelTarget,
    recipientId: string,
    message: OutboundMessage,
    options?: SendOptions,
  ): Promise<SendResult>;
  /** WhatsApp: mark `messageId` read; Messenger/Instagram: `sender_action: mark_seen`. */
  markRead(
    target: ChannelTarget,
    input: { recipientId: string; messageId?: string },
    options?: SendOptions,
  ): Promise<void>;
  /** WhatsApp: mark read with `typing_indicator` (needs `messageId`); Messenger/Instagram: `typing_on`. */
  showTyping(
    target: ChannelTarget,
    input: { recipientId: string; messageId?: string },
    options?: SendOptions,
  ): Promise<void>;
  /** "Test connection": reads the account the token gives access to. */
  getAccount(target: ChannelTarget, options?: SendOptions): Promise<ChannelAccountInfo>;
}

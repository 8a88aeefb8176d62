import type { OutboundMessage, QuickReply, SendOptions } from '../outbound/outbound-message';
import {
  OutboundValidationError,
  QUICK_REPLY_LIMITS as Q,
  TEXT_LIMITS,
  truncate,
} from '../outbound/outbound-limits';
import { splitText } from '../text-splitter';
import type { MessagingChannel } from './messaging.parser';

type Body = Record<string, unknown>;

const ATTACHMENT_TYPE = { image: 'image', audio: 'audio', video: 'video', document: 'file' } as const;

function check(channel: MessagingChannel, condition: boolean, message: string): void {
  if (!condition) throw new OutboundValidationError(message, channel);
}

function envelope(channel: MessagingChannel, recipientId: string, options: SendOptions): Body {
  const messagingType = options.messagingType ?? 'RESPONSE';
  check(
    channel,
    messagingType !== 'MESSAGE_TAG' || Boolean(options.tag),
    'messaging_type MESSAGE_TAG needs a tag',
  );
  return {
    recipient: { id: recipientId },
    messaging_type: messagingType,
    ...(messagingType === 'MESSAGE_TAG' ? { tag: options.tag } : {}),
  };
}

function textParts(channel: MessagingChannel, text: string): string[] {
  const parts = splitText(text, TEXT_LIMITS[channel]);
  check(channel, parts.length > 0, 'text is empty');
  return parts;
}

function quickReplies(channel: MessagingChannel, replies: readonly QuickReply[]): Body[] {
  check(channel, replies.length >= 1, 'quick replies need at least 1 reply');
  check(channel, replies.length <= Q.count, `quick replies allow at most ${Q.count}, got ${replies.length}`);
  return replies.map((r) => {
    check(channel, r.title.trim() !== '', 'a quick reply title is empty');
    check(
      channel,
      r.payload !== '' && r.payload.length <= Q.payload,
      `quick reply payload must be 1–${Q.payload} characters`,
    );
    return { content_type: 'text', title: truncate(r.title, Q.title), payload: r.payload };
  });
}

function withQuickReplies(
  channel: MessagingChannel,
  head: Body,
  text: string,
  replies: readonly QuickReply[],
): Body[] {
  const options = quickReplies(channel, replies);
  const parts = textParts(channel, text);
  return parts.map((part, i) => ({
    ...head,
    message: i === parts.length - 1 ? { text: part, quick_replies: options } : { text: part },
  }));
}

function framed(...parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => p !== undefined && p.trim() !== '').join('\n\n');
}

/**
 * Request bodies for Messenger/Instagram (`POST /{page_id|ig_id}/messages`): `recipient: {id}` and
 * `messaging_type`. Texts are split at the channel's limit (Messenger 2000 characters, Instagram 1000
 * UTF-8 bytes); reply buttons and list rows become quick replies; a media caption follows as text.
 */
export function messagingBodies(
  channel: MessagingChannel,
  recipientId: string,
  message: OutboundMessage,
  options: SendOptions = {},
): Body[] {
  check(channel, recipientId !== '', 'recipient is empty');
  const head = envelope(channel, recipientId, options);
  switch (message.type) {
    case 'text':
      return textParts(channel, message.text).map((part) => ({ ...head, message: { text: part } }));
    case 'quick_replies':
      return withQuickReplies(channel, head, message.text, message.replies);
    case 'buttons':
      return withQuickReplies(
        channel,
        head,
        framed(message.header, message.body, message.footer),
        message.buttons.map((b) => ({ title: b.title, payload: b.id })),
      );
    case 'list':
      return withQuickReplies(
        channel,
        head,
        framed(message.header, message.body, message.footer),
        message.sections.flatMap((s) => s.rows).map((r) => ({ title: r.title, payload: r.id })),
      );
    case 'template':
      throw new OutboundValidationError('template messages exist only on WhatsApp', channel);
    case 'media': {
      check(channel, /^https?:\/\//i.test(message.url), 'media url must be http(s)');
      const attachment = {
        ...head,
        message: {
          attachment: {
            type: ATTACHMENT_TYPE[message.mediaType],
            payload: { url: message.url, is_reusable: true },
          },
        },
      };
      const caption = message.caption?.trim()
        ? textParts(channel, message.caption).map((part) => ({ ...head, message: { text: part } }))
        : [];
      return [attachment, ...caption];
    }
  }
}

export function senderActionBody(
  recipientId: string,
  action: 'typing_on' | 'typing_off' | 'mark_seen',
): Body {
  return { recipient: { id: recipientId }, sender_action: action };
}

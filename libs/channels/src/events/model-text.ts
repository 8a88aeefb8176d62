import type { InboundEvent, MediaKind, MessageContent, SharedContact } from './inbound-event';
import { isMediaContent } from './inbound-event';

export interface ModelText {
  /** Short text a language model understands, e.g. `[Location: Cafe, Main St 1 (52.1, 4.3)]`. */
  text: string;
  /** True for image, audio, video, document and sticker messages. */
  isMedia: boolean;
  mediaKind?: MediaKind;
}

const MEDIA_LABEL: Record<MediaKind, string> = {
  image: 'Image',
  audio: 'Audio',
  video: 'Video',
  document: 'Document',
  sticker: 'Sticker',
};

function contactLine(contact: SharedContact): string {
  const phones = contact.phones.map((p) => p.phone ?? p.waId).filter((p): p is string => p !== undefined);
  const details = [...phones, ...contact.emails];
  return details.length > 0
    ? `${contact.name || 'Unnamed'} (${details.join(', ')})`
    : contact.name || 'Unnamed';
}

function join(label: string, parts: Array<string | undefined>): string {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? `[${label}: ${kept.join(', ')}]` : `[${label}]`;
}

/** Describes message content as short text for a prompt. Media is marked, never inlined. */
export function contentToModelText(content: MessageContent): ModelText {
  if (isMediaContent(content)) {
    const label = MEDIA_LABEL[content.type];
    const voice = content.type === 'audio' && content.media.some((m) => m.voice === true);
    const filename = content.type === 'document' ? content.media[0]?.filename : undefined;
    const count = content.media.length > 1 ? `${content.media.length} × ` : '';
    const head = `${count}${voice ? 'Voice message' : label}${filename ? ` "${filename}"` : ''}`;
    return {
      text: content.caption ? `[${head}] ${content.caption}` : `[${head}]`,
      isMedia: true,
      mediaKind: content.type,
    };
  }
  switch (content.type) {
    case 'text':
      return { text: content.text, isMedia: false };
    case 'location': {
      const place = [content.name, content.address]
        .filter((p): p is string => p !== undefined && p !== '')
        .join(', ');
      const coordinates = `(${content.latitude}, ${content.longitude})`;
      return { text: `[Location: ${place ? `${place} ` : ''}${coordinates}]`, isMedia: false };
    }
    case 'contacts':
      return { text: join('Contacts', content.contacts.map(contactLine)), isMedia: false };
    case 'interactive':
      return { text: content.reply.title || content.reply.id, isMedia: false };
    case 'button':
    case 'quick_reply':
      return { text: content.text || content.payload, isMedia: false };
    case 'story_mention':
      return { text: '[Mentioned you in their story]', isMedia: false };
    case 'share':
      return { text: join('Shared', [content.title, content.url]), isMedia: false };
    case 'template':
      return { text: '[Template message]', isMedia: false };
    case 'order': {
      const items = content.items.map((i) => `${i.quantity} × ${i.productRetailerId}`);
      return { text: join('Order', [...items, content.text]), isMedia: false };
    }
    case 'system':
      return { text: join('System', [content.text]), isMedia: false };
    case 'unsupported':
      return { text: '[Unsupported message]', isMedia: false };
  }
}

/**
 * Text for a prompt from an event a user caused: messages, postbacks (their title or payload) and
 * referrals. Returns undefined for events that carry nothing to answer (statuses, reads, echoes…).
 */
export function eventToModelText(event: InboundEvent): ModelText | undefined {
  switch (event.kind) {
    case 'message': {
      const described = contentToModelText(event.content);
      const story = event.context?.story;
      return story ? { ...described, text: `[Reply to your story] ${described.text}` } : described;
    }
    case 'postback':
      return { text: event.title ?? event.payload, isMedia: false };
    case 'referral':
      return {
        text: join('Opened the chat from a link', [event.referral.ref ?? event.referral.source]),
        isMedia: false,
      };
    case 'status':
    case 'echo':
    case 'reaction':
    case 'read':
    case 'delivery':
    case 'standby':
    case 'error':
    case 'unknown':
      return undefined;
  }
}

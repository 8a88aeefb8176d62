import type { MediaKind, MediaRef, MessageContent, ReplyContext } from '../events/inbound-event';
import { arr, bool, compact, num, obj, str, text, type JsonObject } from '../events/json';

/** Messenger and Instagram attachment types that carry media. */
const MEDIA_ATTACHMENTS: Record<string, MediaKind> = {
  image: 'image',
  animated_image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
  sticker: 'sticker',
};

/** Attachment types that point at shared content (links, posts, reels, fallbacks). */
const SHARE_ATTACHMENTS = new Set(['fallback', 'share', 'ig_reel', 'reel', 'post', 'ig_post', 'product']);

function mediaRef(type: string, attachment: JsonObject): MediaRef | undefined {
  const payload = obj(attachment.payload);
  let kind = MEDIA_ATTACHMENTS[type];
  if (kind === undefined) return undefined;
  // Messenger's like-button and stickers arrive as images with a sticker_id.
  if (kind === 'image' && payload?.sticker_id !== undefined) kind = 'sticker';
  return compact<MediaRef>({
    kind,
    url: text(payload?.url),
    animated: type === 'animated_image' ? true : undefined,
  });
}

function fromAttachments(all: JsonObject[], caption: string | undefined): MessageContent {
  // During Meta's sticker transition a sticker arrives both as `sticker` and as `image`: keep the sticker.
  const stickers = all.filter((a) => a.type === 'sticker');
  const attachments = stickers.length > 0 ? stickers : all;
  const first = attachments[0];
  const firstType = text(first.type) ?? 'unknown';
  const media = attachments.flatMap((a) => {
    const ref = mediaRef(text(a.type) ?? '', a);
    return ref ? [ref] : [];
  });
  if (media.length > 0) return compact({ type: media[0].kind, media, caption });
  const payload = obj(first.payload);
  if (firstType === 'location') {
    const coordinates = obj(payload?.coordinates);
    const latitude = num(coordinates?.lat);
    const longitude = num(coordinates?.long);
    if (latitude !== undefined && longitude !== undefined) {
      return compact({
        type: 'location' as const,
        latitude,
        longitude,
        name: text(first.title),
        url: text(first.url),
      });
    }
  }
  if (firstType === 'story_mention')
    return compact({ type: 'story_mention' as const, url: text(payload?.url) });
  if (firstType === 'template')
    return compact({
      type: 'template' as const,
      templateType: text(payload?.template_type),
      payload: first.payload,
    });
  if (SHARE_ATTACHMENTS.has(firstType)) {
    return compact({
      type: 'share' as const,
      attachmentType: firstType,
      url: text(payload?.url) ?? text(first.url),
      title: text(payload?.title) ?? text(first.title),
    });
  }
  return { type: 'unsupported', originalType: `attachment:${firstType}`, errors: [] };
}

/** Reads the `message` object of a Messenger/Instagram messaging event into normalised content. */
export function readMessagingContent(message: JsonObject): MessageContent {
  const body = str(message.text);
  const quickReply = obj(message.quick_reply);
  const payload = str(quickReply?.payload);
  if (payload !== undefined) return { type: 'quick_reply', payload, text: body ?? payload };
  const attachments = arr(message.attachments).flatMap((a) => {
    const attachment = obj(a);
    return attachment ? [attachment] : [];
  });
  if (attachments.length > 0) return fromAttachments(attachments, body === '' ? undefined : body);
  if (body !== undefined) return { type: 'text', text: body };
  return {
    type: 'unsupported',
    originalType: bool(message.is_unsupported) ? 'is_unsupported' : 'empty',
    errors: [],
  };
}

/** `reply_to` of a message: a replied-to message (`mid`) or an Instagram story (`story.{id,url}`). */
export function readMessagingContext(message: JsonObject): ReplyContext | undefined {
  const replyTo = obj(message.reply_to);
  if (!replyTo) return undefined;
  const story = obj(replyTo.story);
  const context = compact<ReplyContext>({
    messageId: text(replyTo.mid),
    story: story ? compact({ id: text(story.id), url: text(story.url) }) : undefined,
  });
  return Object.keys(context).length > 0 ? context : undefined;
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fromUser,
  instagramAttachmentPayload,
  instagramEchoPayload,
  instagramStoryMentionPayload,
  instagramStoryReplyPayload,
  instagramTextPayload,
  messagingPayload,
} from '@cria/testing';
import type { InboundEvent } from '../events/inbound-event';
import { parseWebhook } from '../webhook-parser';
import { parseInstagramWebhook } from './instagram.parser';

const IGID = '17841405822304914';
const IGSID = '1254459154682919';
const scope = { accountId: IGID, userId: IGSID, timestamp: 1_569_262_485_349 };

function only<K extends InboundEvent['kind']>(payload: unknown, kind: K): Extract<InboundEvent, { kind: K }> {
  const result = parseInstagramWebhook(payload);
  assert.deepEqual(result.problems, []);
  assert.equal(result.events.length, 1);
  assert.equal(result.events[0].kind, kind);
  return result.events[0] as Extract<InboundEvent, { kind: K }>;
}

test('DM text: Instagram account id routes, IGSID is the user', () => {
  const event = only(
    instagramTextPayload({ ...scope, text: 'Olá 👋', mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx' })
      .payload,
    'message',
  );
  assert.equal(event.channel, 'instagram');
  assert.equal(event.routingKey, IGID);
  assert.equal(event.externalUserId, IGSID);
  assert.equal(event.eventId, 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx');
  assert.deepEqual(event.content, { type: 'text', text: 'Olá 👋' });
});

test('attachments: image, video, audio, shared post and reel', () => {
  const image = only(
    instagramAttachmentPayload({
      ...scope,
      attachments: [
        { type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } },
      ],
    }).payload,
    'message',
  );
  assert.ok(image.content.type === 'image');
  assert.equal(image.content.media[0].url, 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1');
  assert.equal(
    only(
      instagramAttachmentPayload({
        ...scope,
        attachments: [{ type: 'video', payload: { url: 'https://v' } }],
      }).payload,
      'message',
    ).content.type,
    'video',
  );
  assert.equal(
    only(
      instagramAttachmentPayload({
        ...scope,
        attachments: [{ type: 'audio', payload: { url: 'https://a' } }],
      }).payload,
      'message',
    ).content.type,
    'audio',
  );
  const reel = only(
    instagramAttachmentPayload({
      ...scope,
      attachments: [
        { type: 'ig_reel', payload: { url: 'https://reel', title: 'Our reel', reel_video_id: '1' } },
      ],
    }).payload,
    'message',
  );
  assert.deepEqual(reel.content, {
    type: 'share',
    attachmentType: 'ig_reel',
    url: 'https://reel',
    title: 'Our reel',
  });
  const share = only(
    instagramAttachmentPayload({
      ...scope,
      attachments: [{ type: 'share', payload: { url: 'https://post' } }],
    }).payload,
    'message',
  );
  assert.equal(share.content.type, 'share');
});

test('story reply (reply_to.story) and story mention (story_mention attachment)', () => {
  const reply = only(
    instagramStoryReplyPayload({
      ...scope,
      text: 'Love this!',
      storyId: '3177',
      storyUrl: 'https://cdn/story.mp4',
    }).payload,
    'message',
  );
  assert.deepEqual(reply.content, { type: 'text', text: 'Love this!' });
  assert.deepEqual(reply.context, { story: { id: '3177', url: 'https://cdn/story.mp4' } });

  const mention = only(
    instagramStoryMentionPayload({ ...scope, url: 'https://cdn/mention.jpg' }).payload,
    'message',
  );
  assert.deepEqual(mention.content, { type: 'story_mention', url: 'https://cdn/mention.jpg' });
});

test('echo, reaction, read (by mid), deleted and unsupported messages', () => {
  const echo = only(instagramEchoPayload({ ...scope, text: 'Thanks!', mid: 'm_IG_ECHO' }).payload, 'echo');
  assert.equal(echo.externalUserId, IGSID);
  assert.equal(echo.routingKey, IGID);

  const reaction = only(
    messagingPayload('instagram', IGID, [
      fromUser(scope, { reaction: { mid: 'm_OURS', action: 'react', reaction: 'love', emoji: '❤️' } }),
    ]).payload,
    'reaction',
  );
  assert.equal(reaction.emoji, '❤️');

  const read = only(
    messagingPayload('instagram', IGID, [fromUser(scope, { read: { mid: 'm_OURS' } })]).payload,
    'read',
  );
  assert.equal(read.messageId, 'm_OURS');
  assert.equal(read.watermark, undefined);

  const deleted = only(
    messagingPayload('instagram', IGID, [fromUser(scope, { message: { mid: 'm_GONE', is_deleted: true } })])
      .payload,
    'unknown',
  );
  assert.equal(deleted.reason, 'message_deleted');
  assert.equal(deleted.eventId, 'deleted:m_GONE');

  const unsupported = only(
    messagingPayload('instagram', IGID, [fromUser(scope, { message: { mid: 'm_U', is_unsupported: true } })])
      .payload,
    'message',
  );
  assert.deepEqual(unsupported.content, { type: 'unsupported', originalType: 'is_unsupported', errors: [] });
});

test('raw bytes through parseWebhook; a page payload on the Instagram endpoint yields nothing', () => {
  const hook = instagramTextPayload({ ...scope, text: 'café' });
  const result = parseWebhook('instagram', hook.body);
  assert.equal(result.events.length, 1);
  assert.ok(result.events[0].kind === 'message');
  assert.deepEqual(result.events[0].content, { type: 'text', text: 'café' });
  const wrong = parseWebhook('instagram', { object: 'page', entry: [{ id: IGID, messaging: [] }] });
  assert.equal(wrong.events.length, 0);
  assert.equal(wrong.problems[0].code, 'unexpected_object');
  const garbage = parseWebhook('instagram', Buffer.from('{"object":'));
  assert.equal(garbage.problems[0].code, 'invalid_json');
  assert.equal(parseWebhook('messenger', 'null').problems[0].code, 'not_an_object');
});

import { WEBHOOK_OBJECT } from '../channel-type';
import { readReferral } from '../events/common';
import { derivedEventId, fingerprint } from '../events/event-id';
import type { ParseResult, StandbyInnerEvent } from '../events/inbound-event';
import { arr, compact, obj, str, text, toDate, type JsonObject } from '../events/json';
import { readMessagingContent, readMessagingContext } from './messaging.content';

export type MessagingChannel = 'messenger' | 'instagram';

/** Keys present on every messaging item; any other key names the event. */
const ENVELOPE_KEYS = new Set(['sender', 'recipient', 'timestamp']);

/** Webhook fields whose `changes[].value` is a messaging item (the App Dashboard's test format). */
const MESSAGING_FIELDS = new Set([
  'messages',
  'message_echoes',
  'messaging_postbacks',
  'messaging_referrals',
  'messaging_referral',
  'message_reactions',
  'message_reads',
  'messaging_seen',
  'message_deliveries',
  'standby',
]);

interface ItemScope {
  channel: MessagingChannel;
  entryId: string | undefined;
  fallbackTime: Date;
}

/**
 * Turns one `messaging[]` (or `standby[]`) item into an event, or returns a problem text when the item
 * has no sender/recipient to route or answer by.
 */
export function parseMessagingItem(scope: ItemScope, raw: unknown): StandbyInnerEvent | string {
  const item = obj(raw);
  if (!item) return 'messaging item is not an object';
  const sender = obj(item.sender);
  const senderId = text(sender?.id) ?? text(sender?.user_ref);
  const recipientId = text(obj(item.recipient)?.id);
  const timestamp = toDate(item.timestamp) ?? scope.fallbackTime;
  // Derived ids hash the timestamp as sent, so a redelivery hashes the same even without one.
  const stamp = str(item.timestamp);
  const { channel } = scope;
  const message = obj(item.message);

  if (message && message.is_echo === true) {
    const mid = text(message.mid);
    const routingKey = scope.entryId ?? senderId;
    if (mid === undefined || routingKey === undefined || recipientId === undefined)
      return 'echo without mid, page or recipient';
    return compact({
      channel,
      routingKey,
      kind: 'echo' as const,
      eventId: mid,
      externalUserId: recipientId,
      messageId: mid,
      timestamp,
      raw,
      content: readMessagingContent(message),
      appId: str(message.app_id),
      metadata: text(message.metadata),
    });
  }

  const routingKey = scope.entryId ?? recipientId;
  if (routingKey === undefined || senderId === undefined) return 'messaging item without sender or recipient';
  const base = { channel, routingKey, externalUserId: senderId, timestamp, raw };

  if (message) {
    const mid = text(message.mid);
    if (mid === undefined) return 'message without mid';
    if (message.is_deleted === true) {
      return { ...base, kind: 'unknown', eventId: `deleted:${mid}`, reason: 'message_deleted' };
    }
    return compact({
      ...base,
      kind: 'message' as const,
      eventId: mid,
      messageId: mid,
      content: readMessagingContent(message),
      context: readMessagingContext(message),
      referral: readReferral(message.referral),
    });
  }

  const postback = obj(item.postback);
  if (postback) {
    const payload = str(postback.payload) ?? str(postback.title) ?? '';
    const mid = text(postback.mid);
    return compact({
      ...base,
      kind: 'postback' as const,
      payload,
      title: text(postback.title),
      messageId: mid,
      referral: readReferral(postback.referral),
      eventId: derivedEventId('postback', [channel, routingKey, senderId, stamp, payload, mid]),
    });
  }

  const referral = readReferral(item.referral);
  if (referral) {
    return {
      ...base,
      kind: 'referral',
      referral,
      eventId: derivedEventId('referral', [channel, routingKey, senderId, stamp, fingerprint(item.referral)]),
    };
  }

  const reaction = obj(item.reaction);
  const reactedMid = text(reaction?.mid);
  if (reaction && reactedMid !== undefined) {
    const action = text(reaction.action) === 'unreact' ? ('unreact' as const) : ('react' as const);
    const emoji = text(reaction.emoji);
    const name = text(reaction.reaction);
    return compact({
      ...base,
      kind: 'reaction' as const,
      messageId: reactedMid,
      action,
      emoji,
      reaction: name,
      eventId: derivedEventId('reaction', [
        channel,
        routingKey,
        senderId,
        stamp,
        reactedMid,
        action,
        emoji,
        name,
      ]),
    });
  }

  const read = obj(item.read);
  if (read) {
    const watermark = toDate(read.watermark);
    const mid = text(read.mid);
    return compact({
      ...base,
      kind: 'read' as const,
      watermark,
      messageId: mid,
      eventId: derivedEventId('read', [channel, routingKey, senderId, stamp, watermark?.getTime(), mid]),
    });
  }

  const delivery = obj(item.delivery);
  if (delivery) {
    const mids = arr(delivery.mids).flatMap((m) => {
      const mid = text(m);
      return mid === undefined ? [] : [mid];
    });
    const watermark = toDate(delivery.watermark);
    return compact({
      ...base,
      kind: 'delivery' as const,
      messageIds: mids,
      watermark,
      timestamp: toDate(item.timestamp) ?? watermark ?? timestamp,
      eventId: derivedEventId('delivery', [
        channel,
        routingKey,
        senderId,
        watermark?.getTime(),
        [...mids].sort().join(','),
      ]),
    });
  }

  const name = Object.keys(item).find((key) => !ENVELOPE_KEYS.has(key)) ?? 'empty';
  return {
    ...base,
    kind: 'unknown',
    reason: `messaging:${name}`,
    eventId: derivedEventId('unknown', [channel, routingKey, fingerprint(raw)]),
  };
}

function pushItem(out: ParseResult, scope: ItemScope, raw: unknown, path: string, standby: boolean): void {
  const event = parseMessagingItem(scope, raw);
  if (typeof event === 'string') {
    out.problems.push({ code: 'invalid_item', message: event, path });
    return;
  }
  if (!standby) {
    out.events.push(event);
    return;
  }
  out.events.push({
    channel: event.channel,
    routingKey: event.routingKey,
    kind: 'standby',
    eventId: `standby:${event.eventId}`,
    externalUserId: event.externalUserId,
    timestamp: event.timestamp,
    raw,
    event,
  });
}

function walkEntry(
  out: ParseResult,
  channel: MessagingChannel,
  entry: JsonObject,
  path: string,
  now: Date,
): void {
  const scope: ItemScope = { channel, entryId: text(entry.id), fallbackTime: toDate(entry.time) ?? now };
  arr(entry.messaging).forEach((item, i) => pushItem(out, scope, item, `${path}.messaging[${i}]`, false));
  arr(entry.standby).forEach((item, i) => pushItem(out, scope, item, `${path}.standby[${i}]`, true));
  arr(entry.changes).forEach((rawChange, i) => {
    const change = obj(rawChange);
    const field = text(change?.field) ?? 'unknown';
    const changePath = `${path}.changes[${i}]`;
    if (change && MESSAGING_FIELDS.has(field) && obj(change.value)) {
      pushItem(out, scope, change.value, `${changePath}.value`, field === 'standby');
      return;
    }
    const routingKey = scope.entryId ?? '';
    out.events.push({
      channel,
      routingKey,
      kind: 'unknown',
      externalUserId: null,
      timestamp: scope.fallbackTime,
      raw: rawChange,
      reason: `field:${field}`,
      eventId: derivedEventId('unknown', [channel, routingKey, fingerprint(rawChange)]),
    });
  });
}

/**
 * Parses Messenger (`object: page`) and Instagram (`object: instagram`) webhooks: `entry[] → messaging[]
 * / standby[]` (and `changes[]` in the dashboard's test format). Unknown fields are tolerated.
 */
export function parseMessagingWebhook(
  channel: MessagingChannel,
  payload: unknown,
  now: Date = new Date(),
): ParseResult {
  const out: ParseResult = { channel, object: null, events: [], problems: [] };
  const body = obj(payload);
  if (!body) {
    out.problems.push({ code: 'not_an_object', message: 'payload is not a JSON object' });
    return out;
  }
  out.object = text(body.object) ?? null;
  const expected = WEBHOOK_OBJECT[channel];
  if (out.object !== expected) {
    out.problems.push({
      code: 'unexpected_object',
      message: `expected object "${expected}", got "${out.object ?? '(none)'}"`,
    });
    return out;
  }
  arr(body.entry).forEach((rawEntry, i) => {
    const entry = obj(rawEntry);
    if (!entry)
      out.problems.push({ code: 'invalid_entry', message: 'entry is not an object', path: `entry[${i}]` });
    else walkEntry(out, channel, entry, `entry[${i}]`, now);
  });
  return out;
}

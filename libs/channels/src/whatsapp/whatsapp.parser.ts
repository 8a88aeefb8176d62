import { WEBHOOK_OBJECT } from '../channel-type';
import { readProviderErrors, readReferral } from '../events/common';
import { derivedEventId, fingerprint } from '../events/event-id';
import {
  MESSAGE_STATUSES,
  type InboundEvent,
  type MessageStatus,
  type ParseProblem,
  type ParseResult,
} from '../events/inbound-event';
import { arr, bool, compact, obj, text, toDate, type JsonObject } from '../events/json';
import { readWhatsAppContent, readWhatsAppContext } from './whatsapp.content';

interface ChangeScope {
  routingKey: string;
  names: Map<string, string>;
  fallbackTime: Date;
  push(event: InboundEvent): void;
  problem(problem: ParseProblem): void;
}

function isStatus(value: string | undefined): value is MessageStatus {
  return value !== undefined && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

function contactNames(value: JsonObject): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of arr(value.contacts)) {
    const c = obj(item);
    const waId = text(c?.wa_id);
    const name = text(obj(c?.profile)?.name);
    if (waId !== undefined && name !== undefined) names.set(waId, name);
  }
  return names;
}

function message(scope: ChangeScope, raw: unknown, path: string): void {
  const m = obj(raw);
  const wamid = text(m?.id);
  const from = text(m?.from);
  if (!m || wamid === undefined || from === undefined) {
    scope.problem({ code: 'invalid_item', message: 'WhatsApp message without id or from', path });
    return;
  }
  const base = {
    channel: 'whatsapp' as const,
    routingKey: scope.routingKey,
    externalUserId: from,
    timestamp: toDate(m.timestamp) ?? scope.fallbackTime,
    raw,
  };
  if (text(m.type) === 'reaction') {
    const r = obj(m.reaction);
    const target = text(r?.message_id);
    if (target !== undefined) {
      const emoji = text(r?.emoji);
      scope.push(
        compact({
          ...base,
          kind: 'reaction' as const,
          eventId: wamid,
          messageId: target,
          action: emoji ? ('react' as const) : ('unreact' as const),
          emoji,
        }),
      );
      return;
    }
  }
  const names = scope.names;
  const contactName = names.get(from) ?? (names.size === 1 ? [...names.values()][0] : undefined);
  scope.push(
    compact({
      ...base,
      kind: 'message' as const,
      eventId: wamid,
      messageId: wamid,
      contactName,
      content: readWhatsAppContent(m),
      context: readWhatsAppContext(m),
      referral: readReferral(m.referral),
    }),
  );
}

function status(scope: ChangeScope, raw: unknown, path: string): void {
  const s = obj(raw);
  const wamid = text(s?.id);
  const value = text(s?.status);
  const recipient = text(s?.recipient_id) ?? '';
  if (!s || wamid === undefined || value === undefined) {
    scope.problem({ code: 'invalid_item', message: 'WhatsApp status without id or status', path });
    return;
  }
  const timestamp = toDate(s.timestamp) ?? scope.fallbackTime;
  if (!isStatus(value)) {
    scope.push({
      channel: 'whatsapp',
      routingKey: scope.routingKey,
      kind: 'unknown',
      eventId: `status:${wamid}:${value}`,
      externalUserId: recipient || null,
      timestamp,
      raw,
      reason: `status:${value}`,
    });
    return;
  }
  const conversation = obj(s.conversation);
  const pricing = obj(s.pricing);
  scope.push(
    compact({
      channel: 'whatsapp' as const,
      routingKey: scope.routingKey,
      kind: 'status' as const,
      eventId: `status:${wamid}:${value}`,
      externalUserId: recipient,
      messageId: wamid,
      status: value,
      timestamp,
      raw,
      errors: readProviderErrors(s.errors),
      conversation: conversation
        ? compact({
            id: text(conversation.id),
            expiresAt: toDate(conversation.expiration_timestamp),
            originType: text(obj(conversation.origin)?.type),
          })
        : undefined,
      pricing: pricing
        ? compact({
            billable: bool(pricing.billable),
            category: text(pricing.category),
            pricingModel: text(pricing.pricing_model),
          })
        : undefined,
      bizOpaqueCallbackData: text(s.biz_opaque_callback_data),
    }),
  );
}

/** Coexistence: messages the business sent from the WhatsApp Business app (`smb_message_echoes`). */
function echo(scope: ChangeScope, raw: unknown, path: string): void {
  const m = obj(raw);
  const wamid = text(m?.id);
  const to = text(m?.to);
  if (!m || wamid === undefined || to === undefined) {
    scope.problem({ code: 'invalid_item', message: 'WhatsApp message echo without id or to', path });
    return;
  }
  scope.push({
    channel: 'whatsapp',
    routingKey: scope.routingKey,
    kind: 'echo',
    eventId: wamid,
    externalUserId: to,
    messageId: wamid,
    timestamp: toDate(m.timestamp) ?? scope.fallbackTime,
    raw,
    content: readWhatsAppContent(m),
  });
}

function change(rawChange: unknown, entry: JsonObject, path: string, out: ParseResult, now: Date): void {
  const c = obj(rawChange);
  const value = obj(c?.value);
  const field = text(c?.field) ?? 'messages';
  if (!c || !value) {
    out.problems.push({ code: 'invalid_change', message: 'change without a value object', path });
    return;
  }
  const phoneNumberId = text(obj(value.metadata)?.phone_number_id);
  const scope: ChangeScope = {
    routingKey: phoneNumberId ?? '',
    names: contactNames(value),
    fallbackTime: now,
    push: (event) => out.events.push(event),
    problem: (problem) => out.problems.push(problem),
  };
  if (field !== 'messages' && field !== 'smb_message_echoes') {
    const routingKey = phoneNumberId ?? text(entry.id) ?? '';
    out.events.push({
      channel: 'whatsapp',
      routingKey,
      kind: 'unknown',
      eventId: derivedEventId('unknown', ['whatsapp', routingKey, field, fingerprint(value)]),
      externalUserId: null,
      timestamp: now,
      raw: c,
      reason: `field:${field}`,
    });
    return;
  }
  if (phoneNumberId === undefined) {
    out.problems.push({
      code: 'invalid_change',
      message: 'messages change without metadata.phone_number_id',
      path,
    });
    return;
  }
  arr(value.messages).forEach((m, i) => message(scope, m, `${path}.value.messages[${i}]`));
  arr(value.statuses).forEach((s, i) => status(scope, s, `${path}.value.statuses[${i}]`));
  arr(value.message_echoes).forEach((m, i) => echo(scope, m, `${path}.value.message_echoes[${i}]`));
  const errors = readProviderErrors(value.errors);
  if (errors.length > 0) {
    out.events.push({
      channel: 'whatsapp',
      routingKey: phoneNumberId,
      kind: 'error',
      eventId: derivedEventId('error', ['whatsapp', phoneNumberId, fingerprint(value.errors)]),
      externalUserId: null,
      timestamp: now,
      raw: value.errors,
      errors,
    });
  }
}

/**
 * Parses a WhatsApp Cloud API webhook (`object: whatsapp_business_account`), walking
 * `entry[] → changes[] → value.messages[] / statuses[] / errors[]`. Unknown fields are tolerated;
 * unreadable items are reported in `problems` and the rest is kept.
 */
export function parseWhatsAppWebhook(payload: unknown, now: Date = new Date()): ParseResult {
  const out: ParseResult = { channel: 'whatsapp', object: null, events: [], problems: [] };
  const body = obj(payload);
  if (!body) {
    out.problems.push({ code: 'not_an_object', message: 'payload is not a JSON object' });
    return out;
  }
  out.object = text(body.object) ?? null;
  if (out.object !== WEBHOOK_OBJECT.whatsapp) {
    out.problems.push({
      code: 'unexpected_object',
      message: `expected object "${WEBHOOK_OBJECT.whatsapp}", got "${out.object ?? '(none)'}"`,
    });
    return out;
  }
  arr(body.entry).forEach((rawEntry, i) => {
    const entry = obj(rawEntry);
    if (!entry) {
      out.problems.push({ code: 'invalid_entry', message: 'entry is not an object', path: `entry[${i}]` });
      return;
    }
    arr(entry.changes).forEach((c, j) => change(c, entry, `entry[${i}].changes[${j}]`, out, now));
  });
  return out;
}

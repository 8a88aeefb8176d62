import type { ChannelType } from './channel-type';
import type { ParseResult } from './events/inbound-event';
import { parseInstagramWebhook } from './instagram/instagram.parser';
import { parseMessengerWebhook } from './messenger/messenger.parser';
import { parseWhatsAppWebhook } from './whatsapp/whatsapp.parser';

/**
 * Parses a webhook body of the given channel's endpoint into normalised events. Accepts the raw bytes (Buffer)
 * (after the signature check) or already-parsed JSON. Never throws on bad input: an unreadable body, or
 * one whose `object` does not belong to this endpoint, yields no events and a reported problem.
 */
export function parseWebhook(channel: ChannelType, body: unknown, now?: Date): ParseResult {
  let payload: unknown = body;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    try {
      payload = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as unknown;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { channel, object: null, events: [], problems: [{ code: 'invalid_json', message }] };
    }
  }
  switch (channel) {
    case 'whatsapp':
      return parseWhatsAppWebhook(payload, now);
    case 'messenger':
      return parseMessengerWebhook(payload, now);
    case 'instagram':
      return parseInstagramWebhook(payload, now);
  }
}

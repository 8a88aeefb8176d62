import type { ParseResult } from '../events/inbound-event';
import { parseMessagingWebhook } from './messaging.parser';

/** Parses a Messenger Platform webhook (`object: page`). Routing key: the page id (`entry.id`). */
export function parseMessengerWebhook(payload: unknown, now?: Date): ParseResult {
  return parseMessagingWebhook('messenger', payload, now);
}

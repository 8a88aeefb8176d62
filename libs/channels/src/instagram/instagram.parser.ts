import type { ParseResult } from '../events/inbound-event';
import { parseMessagingWebhook } from '../messenger/messaging.parser';

/**
 * Parses an Instagram messaging webhook (`object: instagram`): DMs, attachments, story replies
 * (`reply_to.story`), story mentions (attachment `story_mention`), echoes, reactions and reads.
 * Routing key: the Instagram professional account id (`entry.id`).
 */
export function parseInstagramWebhook(payload: unknown, now?: Date): ParseResult {
  return parseMessagingWebhook('instagram', payload, now);
}

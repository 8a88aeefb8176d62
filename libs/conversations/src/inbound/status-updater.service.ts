import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StatusEvent } from '@cria/channels';
import { STATUS_RANK, type MessageStatus } from '../message.entity';

const DELIVERY_STATUS: Partial<Record<StatusEvent['status'], MessageStatus>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

/** SQL CASE that ranks a message status, so updates never move a message backwards. */
const RANK_SQL = `CASE status ${Object.entries(STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} ELSE 0 END`;

export interface UnmatchedStatus {
  id: string;
  event: StatusEvent;
}

/**
 * Status events that arrived before the message they are about was known to be ours (Meta can report
 * "delivered" before our send call returns), given the positions of the channel id and provider message
 * ids parameters.
 */
export function unmatchedStatusesSql(channelParam = 1, idsParam = 2): string {
  return `SELECT id, event FROM inbound_events
    WHERE channel_id = $${channelParam} AND status = 'unmatched' AND kind = 'status'
      AND event->>'messageId' = ANY($${idsParam}::text[])
    ORDER BY received_at`;
}

/** The message a status was about, and whether it moved (what the live inbox is told). */
export interface StatusMatch {
  messageId: string;
  conversationId: string;
  changed: boolean;
}

/**
 * Applies delivery statuses to our outbound messages: sent → delivered → read, never backwards; failed
 * with Meta's code and title. A status for a message we have not recorded yet (the send's answer and
 * the webhook can race) is kept as `unmatched` and applied when the send records the provider id.
 */
@Injectable()
export class StatusUpdater {
  /** Undefined when no message has this provider id (yet). */
  async apply(
    m: EntityManager,
    channelId: string,
    event: Pick<StatusEvent, 'messageId' | 'status' | 'errors' | 'timestamp'>,
  ): Promise<StatusMatch | undefined> {
    const status = DELIVERY_STATUS[event.status];
    const [message] = await m.query<Array<{ id: string; conversation_id: string }>>(
      `SELECT id, conversation_id FROM messages WHERE channel_id = $1 AND provider_message_id = $2`,
      [channelId, event.messageId],
    );
    if (!message) return undefined;
    const match = { messageId: message.id, conversationId: message.conversation_id, changed: false };
    if (!status) return match; // deleted/played/warning: nothing to show on the message itself
    const error = event.errors[0];
    const [moved] = await m.query<[unknown[], number]>(
      `UPDATE messages SET status = $2,
              error_code = CASE WHEN $2 = 'failed' THEN $3 ELSE error_code END,
              error_title = CASE WHEN $2 = 'failed' THEN $4 ELSE error_title END,
              sent_at = CASE WHEN $2 IN ('sent', 'delivered', 'read') THEN COALESCE(sent_at, $5) ELSE sent_at END,
              delivered_at = CASE WHEN $2 IN ('delivered', 'read') THEN COALESCE(delivered_at, $5) ELSE delivered_at END,
              read_at = CASE WHEN $2 = 'read' THEN COALESCE(read_at, $5) ELSE read_at END
        WHERE id = $1 AND (${RANK_SQL}) < $6 RETURNING id`,
      [
        message.id,
        status,
        error?.code === null || error?.code === undefined ? null : String(error.code),
        error?.title ?? error?.message ?? null,
        event.timestamp,
        STATUS_RANK[status],
      ],
    );
    return { ...match, changed: moved.length > 0 };
  }

  /** Applies statuses that arrived before their message's provider id was known. */
  /** Applies status events read by {@link unmatchedStatusesSql} and marks them processed. */
  async applyEarly(m: EntityManager, channelId: string, events: UnmatchedStatus[]): Promise<number> {
    for (const row of events) {
      await this.apply(m, channelId, {
        ...row.event,
        timestamp: new Date(row.event.timestamp),
        errors: row.event.errors ?? [],
      });
      await m.query(`UPDATE inbound_events SET status = 'processed', processed_at = now() WHERE id = $1`, [
        row.id,
      ]);
    }
    return events.length;
  }
}

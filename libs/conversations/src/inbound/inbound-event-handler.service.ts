import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { eventToModelText, type InboundEvent, type MessageEvent } from '@cria/channels';
import type { InboundJob } from '@cria/queue';
import { hydratePrefixed, prefixedColumns } from '@cria/database';
import { TenantDb } from '@cria/tenancy';
import { Channel } from '../channel.entity';
import { InboundEventRecord, type InboundEventStatus } from '../inbound-event.entity';
import { ConversationStore, type RecordedInbound } from './conversation-store.service';
import { StatusUpdater } from './status-updater.service';

export interface MessageRef {
  messageId: string;
  conversationId: string;
}

export interface HandledEvent {
  status: InboundEventStatus | 'skipped';
  /** Set when a customer message was recorded: what the conversation engine answers. */
  recorded?: RecordedInbound;
  /** Our messages whose delivery status moved (sent, delivered, read, failed): for the live inbox. */
  updated?: MessageRef[];
  channel?: Channel;
  event?: InboundEvent;
}

/** JSON turns Dates into strings; the fields we compare need them back. */
function revive(event: InboundEvent): InboundEvent {
  const revived = { ...event, timestamp: new Date(event.timestamp) };
  if ((revived.kind === 'read' || revived.kind === 'delivery') && revived.watermark)
    revived.watermark = new Date(revived.watermark);
  return revived;
}

/** A customer message, or a button tap (something the customer said: recorded as their message). */
function customerMessage(event: InboundEvent): MessageEvent | undefined {
  if (event.kind === 'message') return event;
  if (event.kind !== 'postback') return undefined;
  return {
    ...event,
    kind: 'message',
    messageId: event.messageId ?? event.eventId,
    content: {
      type: 'quick_reply',
      payload: event.payload,
      text: eventToModelText(event)?.text ?? event.title ?? event.payload,
    },
  };
}

/**
 * The first step of every stored webhook event in the worker: under the tenant's RLS setting, record what
 * it says (message, echo, status, receipt) and mark it done, in one statement for a customer message and
 * one transaction otherwise. A replayed job finds the event already processed and does nothing; two
 * handlers of the same event at once write nothing twice (every write is idempotent).
 */
@Injectable()
export class InboundEventHandler {
  private readonly logger = new Logger(InboundEventHandler.name);

  constructor(
    private readonly db: TenantDb,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ConversationStore,
    private readonly statuses: StatusUpdater,
  ) {}

  async handle(job: InboundJob): Promise<HandledEvent> {
    const [row] = await this.db.statement<Record<string, unknown>>(
      job.tenantId,
      'cria_inbound_event',
      `SELECT ${prefixedColumns(this.dataSource.manager, InboundEventRecord, 'e')},
              ${prefixedColumns(this.dataSource.manager, Channel, 'ch')}
         FROM inbound_events e JOIN channels ch ON ch.id = e.channel_id WHERE e.id = $1`,
      [job.eventId],
    );
    const found = this.found(job, row);
    if (!found) return { status: 'skipped' };
    const { record, channel, event } = found;
    const message = customerMessage(event);
    if (message) {
      // The hot path: one statement, no row lock on the event. A second handler of the same event (a
      // replayed job) finds the message already stored (unique on its provider id) and answers nothing.
      const recorded = await this.store.recordInbound(channel, message, record.id);
      return { status: 'processed', recorded, channel, event };
    }
    // Everything else, in one transaction on the event as read: what it writes is idempotent (statuses and
    // receipts only move forward, an echo is unique on its provider id), so a replayed job repeats nothing.
    // Committed without waiting for the WAL flush: it comes from the durably stored event, which it marks
    // processed in the same transaction, so a Postgres crash loses all of it and the reconciler replays it.
    return this.db.run(
      job.tenantId,
      async (m) => {
        const result = await this.dispatch(m, channel, event, record.id);
        await m.update(
          InboundEventRecord,
          { id: record.id },
          {
            status: result.status === 'skipped' ? 'processed' : result.status,
            attempts: () => 'attempts + 1',
            processedAt: new Date(),
            lastError: null,
          },
        );
        return { ...result, channel, event };
      },
      { durable: false },
    );
  }

  /** The event read for a job, or undefined when it was handled already. */
  private found(
    job: InboundJob,
    row: Record<string, unknown> | undefined,
  ): { record: InboundEventRecord; channel: Channel; event: InboundEvent } | undefined {
    const m = this.dataSource.manager;
    const record = row && hydratePrefixed(m, InboundEventRecord, 'e', row);
    // RLS already hides other tenants' rows; a payload naming the wrong tenant finds nothing.
    if (!row || !record || record.tenantId !== job.tenantId || record.channelId !== job.channelId) {
      throw new UnrecoverableError(`inbound event ${job.eventId} not found for tenant ${job.tenantId}`);
    }
    if (record.status !== 'pending' && record.status !== 'processing') return undefined;
    return {
      record,
      channel: hydratePrefixed(m, Channel, 'ch', row),
      event: revive(record.event as unknown as InboundEvent),
    };
  }

  /** Records a failed attempt on the event (the job will be retried or land in the failed list). */
  async recordFailure(job: InboundJob, error: unknown, final: boolean): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.db.run(job.tenantId, (m) =>
      m.query(
        `UPDATE inbound_events SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
        [job.eventId, message.slice(0, 1000), final],
      ),
    );
  }

  /** What an event other than a customer message changes (inside the handler's transaction). */
  private async dispatch(
    m: EntityManager,
    channel: Channel,
    event: InboundEvent,
    eventId: string,
  ): Promise<HandledEvent> {
    switch (event.kind) {
      case 'message':
      case 'postback':
        return { status: 'skipped' }; // recorded by handle() as customer messages
      case 'echo':
        await this.store.recordEcho(m, channel, event, eventId);
        return { status: 'processed' };
      case 'status': {
        const match = await this.statuses.apply(m, channel.id, event);
        return { status: match ? 'processed' : 'unmatched', updated: match?.changed ? [match] : [] };
      }
      case 'delivery': {
        const updated: MessageRef[] = [];
        for (const messageId of event.messageIds) {
          const match = await this.statuses.apply(m, channel.id, {
            messageId,
            status: 'delivered',
            errors: [],
            timestamp: event.timestamp,
          });
          if (match?.changed) updated.push(match);
        }
        return { status: 'processed', updated };
      }
      case 'read':
        return {
          status: 'processed',
          updated: await this.markRead(
            m,
            channel,
            event.externalUserId,
            event.messageId,
            event.watermark ?? event.timestamp,
          ),
        };
      case 'reaction':
      case 'referral':
      case 'standby':
      case 'error':
      case 'unknown':
        // Kept for audit; reactions and handover observations never trigger a reply.
        return { status: 'processed' };
    }
  }

  private async markRead(
    m: EntityManager,
    channel: Channel,
    externalUserId: string,
    messageId: string | undefined,
    watermark: Date,
  ): Promise<MessageRef[]> {
    if (messageId) {
      const match = await this.statuses.apply(m, channel.id, {
        messageId,
        status: 'read',
        errors: [],
        timestamp: watermark,
      });
      return match?.changed ? [match] : [];
    }
    // Messenger: everything we sent this person before the watermark has been read.
    const [rows] = await m.query<[Array<{ id: string; conversation_id: string }>, number]>(
      `UPDATE messages msg SET status = 'read', read_at = COALESCE(read_at, $3)
         FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
        WHERE msg.conversation_id = c.id AND c.channel_id = $1 AND ct.external_id = $2
          AND msg.direction = 'outbound' AND msg.status IN ('sent', 'delivered') AND msg.sent_at <= $3
        RETURNING msg.id, msg.conversation_id`,
      [channel.id, externalUserId, watermark],
    );
    this.logger.debug({ channelId: channel.id, messages: rows.length }, 'read watermark applied');
    return rows.map((row) => ({ messageId: row.id, conversationId: row.conversation_id }));
  }
}

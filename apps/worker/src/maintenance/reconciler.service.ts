import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ConversationLocks } from '@cria/conversations';
import { QueueName, turnJobId, type InboundJob, type OutboundJob, type TurnJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';

/** Work older than this without a job is considered lost by Redis. */
export const RECONCILE_AFTER_MS = 15_000;
const BATCH = 500;

/**
 * Postgres is the source of truth: events still pending and outbound messages still unsent after a short
 * delay get their job back if Redis lost it (restart, flush, eviction). Job ids are the row ids, so an
 * existing waiting job is left alone; a finished one is replaced.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    private readonly db: TenantDb,
    @InjectQueue(QueueName.Inbound) private readonly inbound: Queue<InboundJob>,
    @InjectQueue(QueueName.Outbound) private readonly outbound: Queue<OutboundJob>,
    @InjectQueue(QueueName.Turns) private readonly turns: Queue<TurnJob>,
    private readonly locks: ConversationLocks,
  ) {}

  async run(olderThanMs = RECONCILE_AFTER_MS): Promise<{ inbound: number; outbound: number; turns: number }> {
    const { events, messages, conversations } = await this.db.system('reconciler', async (m) => ({
      events: await m.query<Array<{ id: string; tenantId: string; channelId: string }>>(
        `SELECT id, tenant_id AS "tenantId", channel_id AS "channelId" FROM inbound_events
          WHERE status IN ('pending', 'processing') AND tenant_id IS NOT NULL
            AND received_at < now() - make_interval(secs => $1) ORDER BY received_at LIMIT $2`,
        [olderThanMs / 1000, BATCH],
      ),
      messages: await m.query<
        Array<{ id: string; tenantId: string; channelId: string; conversationId: string; status: string }>
      >(
        `SELECT id, tenant_id AS "tenantId", channel_id AS "channelId", conversation_id AS "conversationId", status
           FROM messages
          WHERE direction = 'outbound' AND status IN ('pending', 'sending')
            AND updated_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
        [olderThanMs / 1000, BATCH],
      ),
      // customer messages no turn has covered yet (their turn job was lost with Redis)
      conversations: await m.query<Array<{ tenantId: string; conversationId: string; seq: string }>>(
        `SELECT c.tenant_id AS "tenantId", c.id AS "conversationId", max(msg.seq) AS seq
           FROM conversations c
           JOIN messages msg ON msg.conversation_id = c.id AND msg.direction = 'inbound' AND msg.role = 'user' AND msg.seq > c.last_answered_seq
          WHERE c.state <> 'closed'
          GROUP BY c.id HAVING max(msg.updated_at) < now() - make_interval(secs => $1) LIMIT $2`,
        [olderThanMs / 1000, BATCH],
      ),
    }));
    const inbound = await this.restore(
      this.inbound,
      'event',
      events.map((e) => ({ tenantId: e.tenantId, eventId: e.id, channelId: e.channelId })),
      (d) => d.eventId,
    );
    // A reply still 'sending' while its conversation's lock is held is being sent by a live turn (a send
    // may take the Graph API timeout): leave it alone.
    const unsent: typeof messages = [];
    for (const message of messages) {
      if (message.status === 'sending' && (await this.locks.isHeld(message.conversationId))) continue;
      unsent.push(message);
    }
    const outbound = await this.restore(
      this.outbound,
      'send',
      unsent.map((m) => ({ tenantId: m.tenantId, messageId: m.id, channelId: m.channelId })),
      (d) => d.messageId,
    );
    const turns = await this.restore(
      this.turns,
      'turn',
      conversations.map((c) => ({
        tenantId: c.tenantId,
        conversationId: c.conversationId,
        seq: Number(c.seq),
      })),
      (d) => turnJobId(d.conversationId, d.seq),
    );
    if (inbound || outbound || turns)
      this.logger.warn({ inbound, outbound, turns }, 're-enqueued work Redis had lost');
    return { inbound, outbound, turns };
  }

  private async restore<T>(
    queue: Queue<T>,
    name: string,
    items: T[],
    idOf: (item: T) => string,
  ): Promise<number> {
    let restored = 0;
    for (const data of items) {
      const id = idOf(data);
      const existing = await queue.getJob(id);
      const state = existing ? await existing.getState() : 'missing';
      if (
        state === 'waiting' ||
        state === 'active' ||
        state === 'delayed' ||
        state === 'prioritized' ||
        state === 'waiting-children'
      )
        continue;
      if (existing) await existing.remove().catch(() => undefined);
      // BullMQ's generic signature cannot relate T to its internal name/data types.
      await (queue as unknown as Queue).add(name, data, { jobId: id });
      restored += 1;
    }
    return restored;
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { OutboundMessage } from '@cria/channels';
import { QueueName, enqueue, type OutboundJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import type { Channel } from '../channel.entity';
import { OutboundSender } from '../outbound/outbound-sender.service';

/** A reply row a turn just wrote. */
export interface WrittenReply {
  id: string;
  content: string;
  payload: Record<string, unknown>;
}

/**
 * What becomes of a turn's replies once they are written: sent at once by the turn, in order, or handed to
 * the outbound queue (its retries and backoff), and picked up again after a worker died in between.
 */
@Injectable()
export class TurnReplies {
  private readonly logger = new Logger(TurnReplies.name);

  constructor(
    private readonly db: TenantDb,
    private readonly sender: OutboundSender,
    @InjectQueue(QueueName.Outbound) private readonly outbound: Queue<OutboundJob>,
  ) {}

  /**
   * The replies, in order: sent at once when `sendNow` (their rows were written as `sending`), one after
   * the other, so a greeting always arrives before the answer. From the first failure on (a transient
   * Graph error, Postgres or Redis trouble), and for anything not sent at once, the outbound jobs take
   * over with their retries; if even enqueueing fails, the reconciler finds the rows.
   */
  async send(input: {
    tenantId: string;
    conversationId: string;
    channel: Channel;
    recipient: string;
    replies: WrittenReply[];
    sendNow: boolean;
  }): Promise<void> {
    const { tenantId, conversationId, channel, recipient, replies } = input;
    let next = 0;
    if (input.sendNow) {
      try {
        for (; next < replies.length; next += 1) {
          const { id, content, payload } = replies[next];
          await this.sender.deliver(
            { tenantId, messageId: id, channelId: channel.id },
            {
              message: { id, conversationId, payload },
              channel,
              recipient,
              outbound: (payload.outbound as OutboundMessage | undefined) ?? { type: 'text', text: content },
            },
          );
        }
        return;
      } catch (error) {
        this.logger.warn(
          { err: error, conversationId },
          'reply not sent at once; the outbound job retries it',
        );
        // The ones not tried yet surely did not go out.
        const untried = replies.slice(next + 1).map((r) => r.id);
        if (untried.length)
          await this.db
            .run(tenantId, (m) =>
              m.query(`UPDATE messages SET status = 'pending' WHERE id = ANY($1) AND status = 'sending'`, [
                untried,
              ]),
            )
            .catch(() => undefined);
      }
    }
    await this.enqueue(
      tenantId,
      channel.id,
      replies.slice(next).map((r) => r.id),
    );
  }

  /**
   * A turn that finds its messages answered may be the retry of one whose worker died between writing the
   * reply and sending it: the replies still unsent get their jobs now rather than at the next reconcile.
   * (The caller holds the conversation's lock, so no other turn is sending them.)
   */
  async resumeUnsent(tenantId: string, conversationId: string): Promise<void> {
    const rows = await this.db.run(tenantId, (m) =>
      m.query<Array<{ id: string; channel_id: string }>>(
        `SELECT id, channel_id FROM messages
          WHERE conversation_id = $1 AND direction = 'outbound' AND role = 'assistant' AND status IN ('pending', 'sending')
          ORDER BY seq`,
        [conversationId],
      ),
    );
    for (const row of rows) await this.enqueue(tenantId, row.channel_id, [row.id]);
  }

  private async enqueue(tenantId: string, channelId: string, messageIds: string[]): Promise<void> {
    for (const messageId of messageIds) {
      await enqueue(this.outbound, 'send', { tenantId, messageId, channelId }, { jobId: messageId }).catch(
        (error: unknown) =>
          this.logger.warn({ err: error, messageId }, 'send job not enqueued; the reconciler will'),
      );
    }
  }
}

import { Injectable, Logger, Optional } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { GraphApiError, messagingWindow, type OutboundMessage } from '@cria/channels';
import { Counter, metric } from '@cria/core';
import { InboxEventBus, type OutboundJob } from '@cria/queue';
import { preparedQuery } from '@cria/database';
import { TenantDb } from '@cria/tenancy';
import { Channel } from '../channel.entity';
import { ChannelSecretsService } from '../channel-secrets.service';
import { Contact } from '../contact.entity';
import { Conversation } from '../conversation.entity';
import { StatusUpdater, unmatchedStatusesSql, type UnmatchedStatus } from '../inbound/status-updater.service';
import { Message } from '../message.entity';
import { GraphSenders } from './graph-senders.service';

const sends = metric(
  'cria_outbound_sends_total',
  () =>
    new Counter({
      name: 'cria_outbound_sends_total',
      help: 'Graph API sends by channel type and outcome',
      labelNames: ['channel', 'outcome'],
    }),
);

const FINAL = new Set(['sent', 'delivered', 'read', 'failed', 'window_closed', 'skipped']);

export type SendOutcome = 'sent' | 'already_done' | 'failed' | 'window_closed' | 'retry';

/** A message row already marked `sending`, with what its send needs. */
export interface ReservedSend {
  message: Pick<Message, 'id' | 'conversationId' | 'payload'>;
  channel: Channel;
  recipient: string;
  outbound: OutboundMessage;
}

/**
 * Sends one outbound message row. The row exists before this runs; every step is safe to repeat:
 * a message already sent is never sent again, and an attempt that may have reached Meta (timeout after
 * sending) is retried with a warning — a possible duplicate is better than a lost reply.
 */
@Injectable()
export class OutboundSender {
  private readonly logger = new Logger(OutboundSender.name);

  constructor(
    private readonly db: TenantDb,
    private readonly graph: GraphSenders,
    private readonly secrets: ChannelSecretsService,
    private readonly statuses: StatusUpdater,
    @Optional() private readonly inbox?: InboxEventBus,
  ) {}

  /** Tells the live inbox a message changed (sent, failed…); best effort, never fails the send. */
  private async changed(job: OutboundJob, conversationId: string): Promise<void> {
    await this.inbox
      ?.publish(job.tenantId, { type: 'message.updated', conversationId, messageId: job.messageId })
      .catch(() => undefined);
  }

  async send(job: OutboundJob): Promise<SendOutcome> {
    const prepared = await this.db.run(job.tenantId, async (m) => {
      const message = await m.findOne(Message, {
        where: { id: job.messageId, tenantId: job.tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message || message.channelId !== job.channelId)
        throw new UnrecoverableError(`message ${job.messageId} not found for this tenant`);
      if (FINAL.has(message.status)) return { done: true as const };
      const channel = await m.findOneByOrFail(Channel, { id: message.channelId, tenantId: job.tenantId });
      const conversation = await m.findOneByOrFail(Conversation, {
        id: message.conversationId,
        tenantId: job.tenantId,
      });
      const contact = await m.findOneByOrFail(Contact, {
        id: conversation.contactId,
        tenantId: job.tenantId,
      });
      const outbound = (message.payload.outbound as OutboundMessage | undefined) ?? {
        type: 'text',
        text: message.content,
      };

      if (channel.status !== 'active') {
        await this.fail(
          m,
          message,
          channel.status === 'needs_reauth' ? 'channel_needs_reauth' : 'channel_disabled',
          `Channel is ${channel.status}`,
        );
        return { done: true as const, outcome: 'failed' as const };
      }
      if (outbound.type !== 'template' && !messagingWindow(channel.type, conversation.lastInboundAt).open) {
        await m.update(
          Message,
          { id: message.id },
          {
            status: 'window_closed',
            errorCode: 'window_closed',
            errorTitle: 'The 24-hour messaging window is closed',
          },
        );
        return { done: true as const, outcome: 'window_closed' as const };
      }
      if (message.status === 'sending') {
        this.logger.warn(
          { messageId: message.id },
          'previous send attempt ended without an answer; sending again (possible duplicate)',
        );
      }
      await m.update(Message, { id: message.id }, { status: 'sending' });
      return { done: false as const, message, channel, recipient: contact.externalId, outbound };
    });
    if (prepared.done) return prepared.outcome ?? 'already_done';
    return this.deliver(job, prepared);
  }

  /**
   * The Graph API call for a row its caller has already marked `sending` (the outbound job above, or a turn
   * that wrote its reply as `sending` and sends it at once), and what its answer means for the row. A
   * transient failure is thrown (after putting the row back to `pending` when it surely did not go out):
   * the caller's job retries it.
   */
  async deliver(job: OutboundJob, send: ReservedSend): Promise<SendOutcome> {
    const { message, channel, recipient, outbound } = send;
    const target = { externalId: channel.externalId, accessToken: this.secrets.open(channel).accessToken };
    await this.graph.acquire(channel.type, channel.id);
    try {
      const result = await this.graph.sender(channel.type).send(target, recipient, outbound);
      await this.db.run(job.tenantId, async (m) => {
        // Marked sent, and (same statement) the statuses Meta reported before we knew the message's id.
        const early = await preparedQuery<UnmatchedStatus>(
          m,
          'cria_mark_sent',
          `WITH sent AS (
             UPDATE messages SET status = 'sent', provider_message_id = $2, sent_at = now(),
                    payload = payload || jsonb_build_object('providerMessageIds', $3::jsonb)
              WHERE id = $1 RETURNING id)
           ${unmatchedStatusesSql(4, 5)}`,
          [
            message.id,
            result.messageIds[0] ?? null,
            JSON.stringify(result.messageIds),
            channel.id,
            result.messageIds,
          ],
        );
        await this.statuses.applyEarly(m, channel.id, early);
      });
      sends.inc({ channel: channel.type, outcome: 'sent' });
      await this.changed(job, message.conversationId);
      return 'sent';
    } catch (error) {
      return this.handleError(job, message, channel, error);
    }
  }

  /** After the last retry of a transient failure: the message is failed, with the reason. */
  async giveUp(job: OutboundJob, reason: string): Promise<void> {
    await this.db.run(job.tenantId, async (m) => {
      const message = await m.findOneBy(Message, { id: job.messageId, tenantId: job.tenantId });
      if (message && !FINAL.has(message.status))
        await this.fail(m, message, 'retries_exhausted', reason.slice(0, 500));
    });
  }

  private async handleError(
    job: OutboundJob,
    message: ReservedSend['message'],
    channel: Channel,
    error: unknown,
  ): Promise<SendOutcome> {
    if (!(error instanceof GraphApiError)) throw error;
    const code = error.code !== undefined ? String(error.code) : error.reason;
    if (error.classification === 'transient') {
      sends.inc({ channel: channel.type, outcome: 'retry' });
      // Not ambiguous: it surely did not go out, so the next attempt is a clean one.
      if (!error.ambiguous)
        await this.db.run(job.tenantId, (m) =>
          m.update(Message, { id: message.id, status: 'sending' }, { status: 'pending' }),
        );
      this.logger.warn(
        { messageId: message.id, code, reason: error.reason, ambiguous: error.ambiguous },
        'transient send failure; will retry',
      );
      throw error;
    }
    await this.db.run(job.tenantId, async (m) => {
      await this.fail(m, message, code, error.details ?? error.message);
      if (error.classification === 'auth') {
        await m.update(
          Channel,
          { id: channel.id },
          { status: 'needs_reauth', lastError: { code, title: error.message, at: new Date().toISOString() } },
        );
      }
    });
    sends.inc({ channel: channel.type, outcome: error.classification });
    await this.changed(job, message.conversationId);
    this.logger.warn(
      { messageId: message.id, code, classification: error.classification },
      'send failed permanently',
    );
    return 'failed';
  }

  private async fail(
    m: EntityManager,
    message: Pick<Message, 'id'>,
    code: string,
    title: string,
  ): Promise<void> {
    await m.update(Message, { id: message.id }, { status: 'failed', errorCode: code, errorTitle: title });
  }
}

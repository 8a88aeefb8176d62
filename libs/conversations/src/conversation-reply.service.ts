import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { actorContext, recordAudit, type Actor } from '@cria/auth';
import { enqueue, InboxEventBus, QueueName, type OutboundJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import {
  ChannelUnavailableException,
  ClientMessageIdTakenException,
  ConversationClosedException,
  MessageTooLongException,
  WindowClosedException,
} from './admin.exceptions';
import { Channel, type ChannelType } from './channel.entity';
import type { MessageView, ReplyDto } from './conversation-admin.dto';
import { Conversation } from './conversation.entity';
import { lockConversation, messageView } from './conversation-queries';
import { Message } from './message.entity';

/** Longest text each platform takes in one message (Instagram counts UTF-8 bytes). */
export const REPLY_LIMITS: Record<ChannelType, { max: number; unit: 'characters' | 'bytes' }> = {
  whatsapp: { max: 4_096, unit: 'characters' },
  messenger: { max: 2_000, unit: 'characters' },
  instagram: { max: 1_000, unit: 'bytes' },
};

function assertFits(type: ChannelType, text: string): void {
  const limit = REPLY_LIMITS[type];
  const size = limit.unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
  if (size > limit.max)
    throw new MessageTooLongException(`${type}: ${limit.max} ${limit.unit} at most, got ${size}`);
}

/**
 * An agent's reply from the inbox, through the same send path as the assistant's: an outbound message row
 * (pending, idempotency key `agent:<uuid>`) committed first, then a job on the outbound queue whose id is
 * the message id. Refused outside Meta's 24-hour customer-service window.
 */
@Injectable()
export class ConversationReplyService {
  private readonly logger = new Logger(ConversationReplyService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly inbox: InboxEventBus,
    @InjectQueue(QueueName.Outbound) private readonly outbound: Queue<OutboundJob>,
  ) {}

  async reply(actor: Actor, conversationId: string, dto: ReplyDto): Promise<MessageView> {
    const idempotencyKey = `agent:${dto.clientMessageId?.toLowerCase() ?? randomUUID()}`;
    const { message, created } = await this.db.run(actorContext(actor), async (manager) => {
      const conversation = await lockConversation(manager, actor.tenantId, conversationId);
      const existing = await manager.findOneBy(Message, { tenantId: actor.tenantId, idempotencyKey });
      if (existing?.conversationId === conversation.id) return { message: existing, created: false };
      if (existing) throw new ClientMessageIdTakenException();
      const channel = await manager.findOneByOrFail(Channel, {
        id: conversation.channelId,
        tenantId: actor.tenantId,
      });
      this.assertCanSend(conversation, channel, dto.text);
      return {
        message: await this.insert(manager, actor, conversation, dto.text, idempotencyKey),
        created: true,
      };
    });
    if (created) {
      try {
        await enqueue(
          this.outbound,
          'send',
          { tenantId: actor.tenantId, messageId: message.id, channelId: message.channelId },
          { jobId: message.id },
        );
      } catch (error) {
        // The row stays pending in Postgres (the source of truth) for the outbound reconciler to pick up.
        this.logger.warn({ err: error, messageId: message.id }, 'agent reply stored but not queued');
      }
      await this.inbox.publish(actor.tenantId, {
        type: 'message.created',
        conversationId,
        messageId: message.id,
      });
      await this.inbox.publish(actor.tenantId, { type: 'conversation.updated', conversationId });
    }
    return messageView(message);
  }

  private assertCanSend(conversation: Conversation, channel: Channel, text: string): void {
    if (conversation.state === 'closed') throw new ConversationClosedException();
    if (channel.status !== 'active') throw new ChannelUnavailableException(channel.status);
    const expires = conversation.windowExpiresAt;
    if (!expires || expires.getTime() <= Date.now()) throw new WindowClosedException(expires);
    assertFits(channel.type, text);
  }

  private async insert(
    manager: EntityManager,
    actor: Actor,
    conversation: Conversation,
    text: string,
    idempotencyKey: string,
  ): Promise<Message> {
    const id = randomUUID();
    await manager.insert(Message, {
      id,
      tenantId: actor.tenantId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: 'outbound',
      role: 'agent',
      type: 'text',
      content: text,
      status: 'pending',
      authorUserId: actor.userId,
      idempotencyKey,
    });
    await manager.query(
      `UPDATE conversations SET last_message_at = greatest(last_message_at, now()) WHERE tenant_id = $1 AND id = $2`,
      [actor.tenantId, conversation.id],
    );
    await recordAudit(manager, actor, {
      action: 'conversation.reply',
      targetType: 'conversation',
      targetId: conversation.id,
      details: { messageId: id, length: text.length },
    });
    return manager.findOneByOrFail(Message, { id, tenantId: actor.tenantId });
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorContext, MemberNotFoundException, recordAudit, type Actor } from '@cria/auth';
import { InboxEventBus } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { ConversationClosedException } from './admin.exceptions';
import type { ConversationView } from './conversation-admin.dto';
import { Conversation } from './conversation.entity';
import { lockConversation, readConversation } from './conversation-queries';

type StateChange = (conversation: Conversation) => Partial<Conversation> | null;

/**
 * Handover between the bot and people: take over (the bot goes quiet, the caller is assigned), hand back,
 * close, assign. Each change is audited and announced on the live inbox.
 */
@Injectable()
export class ConversationStateService {
  constructor(
    private readonly db: TenantDb,
    private readonly inbox: InboxEventBus,
  ) {}

  takeover(actor: Actor, id: string): Promise<ConversationView> {
    return this.change(actor, id, 'conversation.takeover', (c) => {
      if (c.state === 'closed') throw new ConversationClosedException();
      return { state: 'human', assigneeUserId: actor.userId ?? c.assigneeUserId };
    });
  }

  handback(actor: Actor, id: string): Promise<ConversationView> {
    return this.change(actor, id, 'conversation.handback', (c) => {
      if (c.state === 'closed') throw new ConversationClosedException();
      return { state: 'bot', assigneeUserId: null };
    });
  }

  close(actor: Actor, id: string): Promise<ConversationView> {
    return this.change(actor, id, 'conversation.close', (c) =>
      c.state === 'closed' ? null : { state: 'closed', closedAt: new Date() },
    );
  }

  async assign(actor: Actor, id: string, userId: string | null): Promise<ConversationView> {
    return this.change(
      actor,
      id,
      'conversation.assign',
      () => ({ assigneeUserId: userId }),
      async (manager) => {
        if (userId === null) return;
        const [member] = await manager.query<unknown[]>(
          `SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2`,
          [actor.tenantId, userId],
        );
        if (!member) throw new MemberNotFoundException(userId);
      },
    );
  }

  private async change(
    actor: Actor,
    id: string,
    action: string,
    next: StateChange,
    check?: (manager: EntityManager) => Promise<void>,
  ): Promise<ConversationView> {
    const { view, changed } = await this.db.run(actorContext(actor), async (manager) => {
      const conversation = await lockConversation(manager, actor.tenantId, id);
      await check?.(manager);
      const update = next(conversation);
      if (update) {
        await manager.update(Conversation, { id, tenantId: actor.tenantId }, update);
        await recordAudit(manager, actor, {
          action,
          targetType: 'conversation',
          targetId: id,
          details: {
            from: { state: conversation.state, assigneeUserId: conversation.assigneeUserId },
            to: {
              state: update.state ?? conversation.state,
              assigneeUserId:
                'assigneeUserId' in update ? update.assigneeUserId : conversation.assigneeUserId,
            },
          },
        });
      }
      return { view: await readConversation(manager, actor.tenantId, id), changed: update !== null };
    });
    if (changed)
      await this.inbox.publish(actor.tenantId, { type: 'conversation.updated', conversationId: id });
    return view;
  }
}

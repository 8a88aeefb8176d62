import { Injectable, Logger, Optional } from '@nestjs/common';
import { InboxEventBus } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';

/** Hours of inactivity after which a conversation closes, unless the tenant sets `settings.autoCloseHours`. */
export const DEFAULT_AUTO_CLOSE_HOURS = 24;

/**
 * Closes conversations nobody has written in for a while (per tenant: `settings.autoCloseHours`, 0 turns
 * it off). The customer's next message opens a new conversation.
 */
@Injectable()
export class ConversationLifecycle {
  private readonly logger = new Logger(ConversationLifecycle.name);

  constructor(
    private readonly db: TenantDb,
    @Optional() private readonly inbox?: InboxEventBus,
  ) {}

  async autoClose(): Promise<number> {
    const closed = await this.db.system('auto-close inactive conversations', (m) =>
      m.query<Array<{ id: string; tenant_id: string }>>(
        `UPDATE conversations c SET state = 'closed', closed_at = now()
           FROM tenants t
          WHERE t.id = c.tenant_id AND c.state <> 'closed'
            AND COALESCE((t.settings->>'autoCloseHours')::numeric, $1) > 0
            AND c.last_message_at < now() - make_interval(secs => COALESCE((t.settings->>'autoCloseHours')::numeric, $1) * 3600)
          RETURNING c.id, c.tenant_id`,
        [DEFAULT_AUTO_CLOSE_HOURS],
      ),
    );
    for (const row of closed) {
      await this.inbox
        ?.publish(row.tenant_id, { type: 'conversation.updated', conversationId: row.id })
        .catch(() => undefined);
    }
    if (closed.length) this.logger.log({ closed: closed.length }, 'inactive conversations closed');
    return closed.length;
  }
}

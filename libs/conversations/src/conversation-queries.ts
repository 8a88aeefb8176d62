import type { EntityManager } from 'typeorm';
import { isUuid } from '@cria/auth';
import { ConversationNotFoundException } from './admin.exceptions';
import { Conversation } from './conversation.entity';
import type { ConversationView, MessageView } from './conversation-admin.dto';
import type { Message } from './message.entity';

/** One conversation with its channel, contact and last message, as the inbox lists it. */
export interface ConversationRow {
  id: string;
  channel_id: string;
  channel_type: string;
  channel_name: string | null;
  contact_id: string;
  contact_name: string | null;
  contact_external_id: string;
  contact_opted_out_at: Date | null;
  assistant_id: string | null;
  state: Conversation['state'];
  assignee_user_id: string | null;
  last_message_at: Date;
  last_inbound_at: Date | null;
  window_expires_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
  lm_id: string | null;
  lm_direction: Message['direction'] | null;
  lm_role: Message['role'] | null;
  lm_type: string | null;
  lm_preview: string | null;
  lm_status: Message['status'] | null;
  lm_created_at: Date | null;
}

export const CONVERSATION_SELECT = `
  SELECT c.id, c.channel_id, ch.type AS channel_type, ch.name AS channel_name,
         c.contact_id, ct.name AS contact_name, ct.external_id AS contact_external_id, ct.opted_out_at AS contact_opted_out_at,
         c.assistant_id, c.state, c.assignee_user_id, c.last_message_at, c.last_inbound_at, c.window_expires_at,
         c.closed_at, c.created_at, c.updated_at, c.last_message_at::text AS cursor_at,
         lm.id AS lm_id, lm.direction AS lm_direction, lm.role AS lm_role, lm.type AS lm_type,
         left(lm.content, 200) AS lm_preview, lm.status AS lm_status, lm.created_at AS lm_created_at
    FROM conversations c
    JOIN channels ch ON ch.id = c.channel_id AND ch.tenant_id = c.tenant_id
    JOIN contacts ct ON ct.id = c.contact_id AND ct.tenant_id = c.tenant_id
    LEFT JOIN LATERAL (
      SELECT m.id, m.direction, m.role, m.type, m.content, m.status, m.created_at
        FROM messages m
       WHERE m.conversation_id = c.id AND m.tenant_id = c.tenant_id
       ORDER BY m.created_at DESC, m.id DESC
       LIMIT 1
    ) lm ON true`;

export function conversationView(row: ConversationRow, now = Date.now()): ConversationView {
  return {
    id: row.id,
    channel: { id: row.channel_id, type: row.channel_type, name: row.channel_name },
    contact: {
      id: row.contact_id,
      name: row.contact_name,
      externalId: row.contact_external_id,
      optedOut: row.contact_opted_out_at !== null,
    },
    assistantId: row.assistant_id,
    state: row.state,
    assigneeUserId: row.assignee_user_id,
    lastMessageAt: row.last_message_at,
    lastInboundAt: row.last_inbound_at,
    windowExpiresAt: row.window_expires_at,
    windowOpen: row.window_expires_at !== null && row.window_expires_at.getTime() > now,
    closedAt: row.closed_at,
    lastMessage:
      row.lm_id && row.lm_direction && row.lm_role && row.lm_status && row.lm_created_at
        ? {
            id: row.lm_id,
            direction: row.lm_direction,
            role: row.lm_role,
            type: row.lm_type ?? 'text',
            preview: row.lm_preview ?? '',
            status: row.lm_status,
            createdAt: row.lm_created_at,
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads one conversation of the tenant as the inbox shows it, or answers 404. */
export async function readConversation(
  manager: EntityManager,
  tenantId: string,
  id: string,
): Promise<ConversationView> {
  if (!isUuid(id)) throw new ConversationNotFoundException(id);
  const [row] = await manager.query<ConversationRow[]>(
    `${CONVERSATION_SELECT} WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, id],
  );
  if (!row) throw new ConversationNotFoundException(id);
  return conversationView(row);
}

/** Locks a conversation of the tenant for a change, or answers 404 (another tenant's id included). */
export async function lockConversation(
  manager: EntityManager,
  tenantId: string,
  id: string,
): Promise<Conversation> {
  if (!isUuid(id)) throw new ConversationNotFoundException(id);
  const conversation = await manager
    .getRepository(Conversation)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.id = :id AND c.tenant_id = :tenantId', { id, tenantId })
    .getOne();
  if (!conversation) throw new ConversationNotFoundException(id);
  return conversation;
}

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    role: message.role,
    type: message.type,
    content: message.content,
    payload: message.payload,
    status: message.status,
    errorCode: message.errorCode,
    errorTitle: message.errorTitle,
    providerMessageId: message.providerMessageId,
    authorUserId: message.authorUserId,
    tokensIn: message.tokensIn,
    tokensOut: message.tokensOut,
    latencyMs: message.latencyMs,
    guardrails: message.guardrails,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    deliveredAt: message.deliveredAt,
    readAt: message.readAt,
  };
}

import { Injectable } from '@nestjs/common';
import {
  actorContext,
  decodeTimeCursor,
  pageSize,
  SqlConditions,
  toPage,
  type Actor,
  type Page,
  type PageQueryDto,
} from '@cria/auth';
import { TenantDb } from '@cria/tenancy';
import type { ConversationListQueryDto, ConversationView, MessageView } from './conversation-admin.dto';
import {
  CONVERSATION_SELECT,
  conversationView,
  messageView,
  readConversation,
  type ConversationRow,
} from './conversation-queries';
import { Message } from './message.entity';

/** The inbox, read side: conversations (filtered, searched, newest first) and their messages. */
@Injectable()
export class ConversationAdminService {
  constructor(private readonly db: TenantDb) {}

  async list(actor: Actor, query: ConversationListQueryDto): Promise<Page<ConversationView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('c.tenant_id', actor.tenantId)
      .before('c.last_message_at', 'c.id', decodeTimeCursor(query.cursor));
    if (query.channelId) sql.add(`c.channel_id = ${sql.param(query.channelId)}::uuid`);
    if (query.contactId) sql.add(`c.contact_id = ${sql.param(query.contactId)}::uuid`);
    if (query.state) sql.add(`c.state = ${sql.param(query.state)}`);
    if (query.assigneeId === 'none') sql.add('c.assignee_user_id IS NULL');
    else if (query.assigneeId === 'me') sql.add(`c.assignee_user_id = ${sql.param(actor.userId)}::uuid`);
    else if (query.assigneeId)
      sql.add(`c.assignee_user_id = ${sql.param(query.assigneeId.toLowerCase())}::uuid`);
    const q = query.q?.trim();
    if (q) {
      const text = sql.param(q);
      const like = sql.param(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      sql.add(`(EXISTS (SELECT 1 FROM messages s
                         WHERE s.conversation_id = c.id AND s.tenant_id = c.tenant_id
                           AND s.search @@ websearch_to_tsquery('simple', ${text}))
                OR ct.name ILIKE ${like})`);
    }
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<ConversationRow[]>(
        `${CONVERSATION_SELECT} ${sql.where} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    const now = Date.now();
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.cursor_at, id: r.id }),
      (r) => conversationView(r, now),
    );
  }

  get(actor: Actor, id: string): Promise<ConversationView> {
    return this.db.run(actorContext(actor), (manager) => readConversation(manager, actor.tenantId, id));
  }

  /**
   * Messages, newest page first; within a page oldest → newest (as a chat shows them). `nextCursor` pages
   * back in time.
   */
  async messages(actor: Actor, id: string, query: PageQueryDto): Promise<Page<MessageView>> {
    const limit = pageSize(query.limit);
    const cursor = decodeTimeCursor(query.cursor);
    const rows = await this.db.run(actorContext(actor), async (manager) => {
      await readConversation(manager, actor.tenantId, id);
      const builder = manager
        .getRepository(Message)
        .createQueryBuilder('m')
        .addSelect('m.created_at::text', 'cursor_at')
        .where('m.tenant_id = :tenantId AND m.conversation_id = :id', { tenantId: actor.tenantId, id })
        .orderBy('m.created_at', 'DESC')
        .addOrderBy('m.id', 'DESC')
        .limit(limit + 1);
      if (cursor)
        builder.andWhere('(m.created_at, m.id) < (CAST(:at AS timestamptz), CAST(:cid AS uuid))', {
          at: cursor.at,
          cid: cursor.id,
        });
      const { entities, raw } = await builder.getRawAndEntities<{ m_id: string; cursor_at: string }>();
      const cursors = new Map(raw.map((r) => [r.m_id, r.cursor_at]));
      return entities.map((message) => ({ message, cursorAt: cursors.get(message.id) ?? '' }));
    });
    const page = toPage(
      rows,
      limit,
      (r) => ({ at: r.cursorAt, id: r.message.id }),
      (r) => messageView(r.message),
    );
    return { items: page.items.reverse(), nextCursor: page.nextCursor };
  }
}

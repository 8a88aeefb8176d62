import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  actorContext,
  decodeTimeCursor,
  isUuid,
  pageSize,
  recordAudit,
  SqlConditions,
  toPage,
  type Actor,
  type Page,
} from '@cria/auth';
import { TenantDb } from '@cria/tenancy';
import { ContactNotFoundException } from './admin.exceptions';
import type { ContactListQueryDto, ContactView, UpdateContactDto } from './contact.dto';
import { Contact } from './contact.entity';

interface ContactRow {
  id: string;
  channel_id: string;
  channel_type: string;
  external_id: string;
  name: string | null;
  opted_out_at: Date | null;
  conversations: number;
  last_message_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const CONTACT_SELECT = `
  SELECT ct.id, ct.channel_id, ch.type AS channel_type, ct.external_id, ct.name, ct.opted_out_at,
         (SELECT count(*)::int FROM conversations c WHERE c.contact_id = ct.id AND c.tenant_id = ct.tenant_id) AS conversations,
         (SELECT max(c.last_message_at) FROM conversations c WHERE c.contact_id = ct.id AND c.tenant_id = ct.tenant_id) AS last_message_at,
         ct.created_at, ct.updated_at, ct.created_at::text AS cursor_at
    FROM contacts ct
    JOIN channels ch ON ch.id = ct.channel_id AND ch.tenant_id = ct.tenant_id`;

const toView = (r: ContactRow): ContactView => ({
  id: r.id,
  channelId: r.channel_id,
  channelType: r.channel_type,
  externalId: r.external_id,
  name: r.name,
  optedOut: r.opted_out_at !== null,
  optedOutAt: r.opted_out_at,
  conversations: r.conversations,
  lastMessageAt: r.last_message_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Customers as seen on each channel: list, search, detail, and their opt-out state. */
@Injectable()
export class ContactService {
  constructor(private readonly db: TenantDb) {}

  async list(actor: Actor, query: ContactListQueryDto): Promise<Page<ContactView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('ct.tenant_id', actor.tenantId)
      .before('ct.created_at', 'ct.id', decodeTimeCursor(query.cursor));
    if (query.channelId) sql.add(`ct.channel_id = ${sql.param(query.channelId)}::uuid`);
    if (query.optedOut !== undefined)
      sql.add(query.optedOut ? 'ct.opted_out_at IS NOT NULL' : 'ct.opted_out_at IS NULL');
    const q = query.q?.trim();
    if (q) {
      const like = sql.param(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      sql.add(`(ct.name ILIKE ${like} OR ct.external_id ILIKE ${like})`);
    }
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<ContactRow[]>(
        `${CONTACT_SELECT} ${sql.where} ORDER BY ct.created_at DESC, ct.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), toView);
  }

  get(actor: Actor, id: string): Promise<ContactView> {
    return this.db.run(actorContext(actor), (manager) => this.read(manager, actor.tenantId, id));
  }

  /** Opt-out toggle (no more automated messages) and name. */
  async update(actor: Actor, id: string, dto: UpdateContactDto): Promise<ContactView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const before = await this.read(manager, actor.tenantId, id, true);
      const changes: { optedOutAt?: Date | null; name?: string | null } = {};
      if (dto.optedOut !== undefined && dto.optedOut !== before.optedOut) {
        changes.optedOutAt = dto.optedOut ? new Date() : null;
      }
      if (dto.name !== undefined) changes.name = dto.name?.trim() || null;
      if (Object.keys(changes).length === 0) return before;
      await manager.update(Contact, { id, tenantId: actor.tenantId }, changes);
      await recordAudit(manager, actor, {
        action:
          'optedOutAt' in changes ? (dto.optedOut ? 'contact.opt_out' : 'contact.opt_in') : 'contact.update',
        targetType: 'contact',
        targetId: id,
        details: { fields: Object.keys(changes) },
      });
      return this.read(manager, actor.tenantId, id);
    });
  }

  private async read(
    manager: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<ContactView> {
    if (!isUuid(id)) throw new ContactNotFoundException(id);
    const [row] = await manager.query<ContactRow[]>(
      `${CONTACT_SELECT} WHERE ct.tenant_id = $1 AND ct.id = $2 ${lock ? 'FOR UPDATE OF ct' : ''}`,
      [tenantId, id],
    );
    if (!row) throw new ContactNotFoundException(id);
    return toView(row);
  }
}

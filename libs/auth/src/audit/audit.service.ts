import { Injectable } from '@nestjs/common';
import { TenantDb } from '@cria/tenancy';
import { actorContext, type Actor } from '../actor';
import { decodeNumberCursor, pageSize, SqlConditions, toPage, type Page } from '../page';
import type { AuditEntryView, AuditQueryDto } from './audit.dto';

interface AuditRow {
  id: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_api_key_id: string | null;
  actor_api_key_name: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

/** Reads the tenant's audit log, newest first (entries are written by `recordAudit` with each change). */
@Injectable()
export class AuditService {
  constructor(private readonly db: TenantDb) {}

  async list(actor: Actor, query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    const limit = pageSize(query.limit);
    const after = decodeNumberCursor(query.cursor);
    const sql = new SqlConditions();
    if (after) sql.add(`a.id < ${sql.param(after)}::bigint`);
    if (query.action?.endsWith('.')) sql.add(`starts_with(a.action, ${sql.param(query.action)})`);
    else if (query.action) sql.add(`a.action = ${sql.param(query.action)}`);
    if (query.targetType) sql.add(`a.target_type = ${sql.param(query.targetType)}`);
    if (query.targetId) sql.add(`a.target_id = ${sql.param(query.targetId)}`);
    if (query.actorUserId) sql.add(`a.actor_user_id = ${sql.param(query.actorUserId)}`);
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<AuditRow[]>(
        `SELECT a.id::text AS id, a.action, a.target_type, a.target_id, a.actor_user_id, u.email AS actor_email,
                a.actor_api_key_id, k.name AS actor_api_key_name, a.ip, a.user_agent, a.details, a.created_at
           FROM audit_log a
           LEFT JOIN users u ON u.id = a.actor_user_id
           LEFT JOIN api_keys k ON k.id = a.actor_api_key_id
           ${sql.where}
          ORDER BY a.id DESC
          LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(
      rows,
      limit,
      (row) => ({ n: row.id }),
      (row) => ({
        id: row.id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        actor: {
          type: row.actor_user_id ? 'user' : row.actor_api_key_id ? 'api_key' : 'system',
          userId: row.actor_user_id,
          email: row.actor_email,
          apiKeyId: row.actor_api_key_id,
          apiKeyName: row.actor_api_key_name,
        },
        ip: row.ip,
        userAgent: row.user_agent,
        details: row.details,
        createdAt: row.created_at,
      }),
    );
  }
}

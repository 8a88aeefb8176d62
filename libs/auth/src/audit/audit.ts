import type { EntityManager } from 'typeorm';
import type { Actor } from '../actor';

export interface AuditEntry {
  /** `<resource>.<verb>`: assistant.create, channel.update, member.role_change… */
  action: string;
  targetType?: string;
  targetId?: string;
  /** What changed (field names, old and new roles…); never secrets. */
  details?: Record<string, unknown>;
}

/**
 * Writes an audit entry with the manager of the change itself, so the entry and the change commit or
 * roll back together. Every service of the admin API calls it for each change it makes.
 */
export async function recordAudit(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  await manager.query(
    `INSERT INTO audit_log (tenant_id, actor_user_id, actor_api_key_id, action, target_type, target_id, ip, user_agent, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor.tenantId,
      actor.userId,
      actor.apiKeyId,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      actor.ip,
      actor.userAgent?.slice(0, 500) ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '@cria/tenancy';
import { actorContext, type Actor } from '../actor';
import { recordAudit } from '../audit/audit';
import { LastOwnerException, MemberNotFoundException, OwnerRequiredException } from '../auth.exceptions';
import type { ChangeRoleDto, MemberView } from '../dto/members.dto';
import { Membership } from '../entities/membership.entity';
import {
  decodeTimeCursor,
  isUuid,
  pageSize,
  SqlConditions,
  toPage,
  type Page,
  type PageQueryDto,
} from '../page';
import type { Role } from '../roles';
import { SessionService } from '../tokens/session.service';

interface MemberRow {
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  created_at: Date;
  cursor_at: string;
  id: string;
}

const MEMBER_SELECT = `SELECT m.id, m.user_id, u.email, u.name, m.role, m.created_at, m.created_at::text AS cursor_at
  FROM memberships m JOIN users u ON u.id = m.user_id`;

const toView = (row: MemberRow): MemberView => ({
  userId: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role,
  joinedAt: row.created_at,
});

/** The members of a workspace and their roles. Only owners touch owners; the last owner stays. */
@Injectable()
export class MemberService {
  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionService,
  ) {}

  async list(actor: Actor, query: PageQueryDto): Promise<Page<MemberView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('m.tenant_id', actor.tenantId)
      .after('m.created_at', 'm.id', decodeTimeCursor(query.cursor));
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<MemberRow[]>(
        `${MEMBER_SELECT} ${sql.where} ORDER BY m.created_at, m.id LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(rows, limit, (row) => ({ at: row.cursor_at, id: row.id }), toView);
  }

  async changeRole(actor: Actor, userId: string, dto: ChangeRoleDto): Promise<MemberView> {
    return this.db.run(actorContext(actor), async (manager) => {
      const target = await this.lockMember(manager, actor.tenantId, userId);
      if ((target.role === 'owner' || dto.role === 'owner') && actor.role !== 'owner') {
        throw new OwnerRequiredException('grant or change the owner role');
      }
      if (target.role === dto.role) return this.view(manager, actor.tenantId, userId);
      if (target.role === 'owner') await this.assertAnotherOwner(manager, actor.tenantId, userId);
      await manager.update(Membership, { id: target.id, tenantId: actor.tenantId }, { role: dto.role });
      await recordAudit(manager, actor, {
        action: 'member.role_change',
        targetType: 'user',
        targetId: userId,
        details: { from: target.role, to: dto.role },
      });
      return this.view(manager, actor.tenantId, userId);
    });
  }

  /** Removes a member: their sessions in this workspace end and their conversations are unassigned. */
  async remove(actor: Actor, userId: string): Promise<void> {
    await this.db.run(actorContext(actor), async (manager) => {
      const target = await this.lockMember(manager, actor.tenantId, userId);
      if (target.role === 'owner') {
        if (actor.role !== 'owner') throw new OwnerRequiredException('remove an owner');
        await this.assertAnotherOwner(manager, actor.tenantId, userId);
      }
      await manager.delete(Membership, { id: target.id, tenantId: actor.tenantId });
      await this.sessions.revokeUserSessions(manager, {
        userId,
        tenantId: actor.tenantId,
        keepFamilyId: null,
      });
      await manager.query(
        `UPDATE conversations SET assignee_user_id = NULL WHERE tenant_id = $1 AND assignee_user_id = $2`,
        [actor.tenantId, userId],
      );
      await recordAudit(manager, actor, {
        action: 'member.remove',
        targetType: 'user',
        targetId: userId,
        details: { role: target.role },
      });
    });
  }

  private async lockMember(manager: EntityManager, tenantId: string, userId: string): Promise<Membership> {
    if (!isUuid(userId)) throw new MemberNotFoundException(userId);
    const rows = await manager.query<Array<{ id: string; role: Role }>>(
      `SELECT id, role FROM memberships WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE`,
      [tenantId, userId],
    );
    if (rows.length === 0) throw new MemberNotFoundException(userId);
    return Object.assign(new Membership(), rows[0]);
  }

  /** Locks the owners (so two demotions cannot race) and checks one would remain. */
  private async assertAnotherOwner(manager: EntityManager, tenantId: string, leaving: string): Promise<void> {
    const owners = await manager.query<Array<{ user_id: string }>>(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
      [tenantId],
    );
    if (!owners.some((o) => o.user_id !== leaving)) throw new LastOwnerException();
  }

  private async view(manager: EntityManager, tenantId: string, userId: string): Promise<MemberView> {
    const [row] = await manager.query<MemberRow[]>(
      `${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2`,
      [tenantId, userId],
    );
    return toView(row);
  }
}

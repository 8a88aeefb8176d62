import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { APP_CONFIG, ValidationException, type AppConfig } from '@cria/core';
import { Tenant, TenantDb } from '@cria/tenancy';
import { actorContext, type Actor, type ClientInfo } from '../actor';
import { recordAudit } from '../audit/audit';
import {
  AlreadyMemberException,
  EmailTakenException,
  InvalidCredentialsException,
  InvitationInvalidException,
  InvitationNotFoundException,
  OwnerRequiredException,
} from '../auth.exceptions';
import { PASSWORD_MIN, type SignupView } from '../dto/auth.dto';
import type { AcceptInvitationDto, InvitationView, InviteMemberDto } from '../dto/members.dto';
import { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import {
  decodeTimeCursor,
  isUuid,
  pageSize,
  SqlConditions,
  toPage,
  type Page,
  type PageQueryDto,
} from '../page';
import { hashPassword, verifyPassword } from '../password';
import { RateLimits } from '../throttle/rate-limits.service';
import { SessionService } from '../tokens/session.service';
import { randomSecret, sha256 } from '../tokens/token-hash';

export const INVITATION_TTL_DAYS = 7;

const toView = (i: Invitation): InvitationView => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  expiresAt: i.expiresAt,
  createdAt: i.createdAt,
});

/**
 * Invitations by email token. With no mail server configured yet, the link is written to the log (info
 * level) for the admin to pass on; the API never returns the token. Accepting creates the account, or
 * attaches an existing one once its password is given.
 */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionService,
    private readonly limits: RateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async invite(actor: Actor, dto: InviteMemberDto): Promise<InvitationView> {
    if (dto.role === 'owner' && actor.role !== 'owner') throw new OwnerRequiredException('invite an owner');
    const token = randomSecret('hex');
    const { invitation, tenantName } = await this.db.run(actorContext(actor), async (manager) => {
      const members = await manager.query<unknown[]>(
        `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND u.email = $2`,
        [actor.tenantId, dto.email],
      );
      if (members.length > 0) throw new AlreadyMemberException();
      // A new invitation replaces any pending one for the same address.
      await manager.update(
        Invitation,
        { tenantId: actor.tenantId, email: dto.email, acceptedAt: IsNull(), revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      const saved = await manager.save(
        manager.create(Invitation, {
          tenantId: actor.tenantId,
          email: dto.email,
          role: dto.role,
          tokenHash: sha256(token),
          invitedBy: actor.userId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3_600_000),
        }),
      );
      await recordAudit(manager, actor, {
        action: 'member.invite',
        targetType: 'invitation',
        targetId: saved.id,
        details: { email: dto.email, role: dto.role },
      });
      const tenant = await manager.findOneByOrFail(Tenant, { id: actor.tenantId });
      return { invitation: saved, tenantName: tenant.name };
    });
    const link = `${this.config.publicUrl}/accept-invitation?token=${token}`;
    this.logger.log(
      `Invitation for ${dto.email} to join "${tenantName}" as ${dto.role} (valid ${INVITATION_TTL_DAYS} days): ${link}`,
    );
    return toView(invitation);
  }

  /** Pending invitations (not accepted, revoked or expired), newest first. */
  async listPending(actor: Actor, query: PageQueryDto): Promise<Page<InvitationView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('i.tenant_id', actor.tenantId)
      .add('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()')
      .before('i.created_at', 'i.id', decodeTimeCursor(query.cursor));
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<
        Array<{
          id: string;
          email: string;
          role: Invitation['role'];
          invited_by: string | null;
          expires_at: Date;
          created_at: Date;
          cursor_at: string;
        }>
      >(
        `SELECT i.id, i.email, i.role, i.invited_by, i.expires_at, i.created_at, i.created_at::text AS cursor_at
           FROM invitations i ${sql.where} ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.cursor_at, id: r.id }),
      (r) => ({
        id: r.id,
        email: r.email,
        role: r.role,
        invitedBy: r.invited_by,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
      }),
    );
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw new InvitationNotFoundException(id);
    await this.db.run(actorContext(actor), async (manager) => {
      const invitation = await manager.findOneBy(Invitation, { id, tenantId: actor.tenantId });
      if (!invitation || invitation.acceptedAt || invitation.revokedAt)
        throw new InvitationNotFoundException(id);
      if (invitation.role === 'owner' && actor.role !== 'owner')
        throw new OwnerRequiredException('revoke an owner invitation');
      await manager.update(Invitation, { id, tenantId: actor.tenantId }, { revokedAt: new Date() });
      await recordAudit(manager, actor, {
        action: 'member.invitation_revoke',
        targetType: 'invitation',
        targetId: id,
        details: { email: invitation.email },
      });
    });
  }

  /** Joins the workspace of the invitation and signs in there. */
  async accept(dto: AcceptInvitationDto, client: ClientInfo): Promise<SignupView> {
    const found = await this.db.system('invitation: find its workspace by token hash', (manager) =>
      manager.findOneBy(Invitation, { tokenHash: sha256(dto.token) }),
    );
    if (!found) throw new InvitationInvalidException('the link is not valid');
    this.assertUsable(found);
    const existing = await this.db.system('invitation: is the invited email an account already', (manager) =>
      manager.findOneBy(User, { email: found.email }),
    );
    const passwordHash = existing ? null : await this.newPasswordHash(dto.password);
    if (existing) await this.checkExistingPassword(existing, dto.password);
    try {
      return await this.db.run(found.tenantId, async (manager) => {
        const invitation = await manager
          .getRepository(Invitation)
          .createQueryBuilder('i')
          .setLock('pessimistic_write')
          .where('i.id = :id AND i.tenant_id = :tenantId', { id: found.id, tenantId: found.tenantId })
          .getOneOrFail();
        this.assertUsable(invitation);
        const userId = existing?.id ?? randomUUID();
        if (!existing && passwordHash) {
          await manager.insert(User, {
            id: userId,
            email: found.email,
            passwordHash,
            name: dto.name?.trim() || null,
          });
        }
        if (await manager.findOneBy(Membership, { tenantId: found.tenantId, userId })) {
          throw new AlreadyMemberException();
        }
        await manager.insert(Membership, { tenantId: found.tenantId, userId, role: invitation.role });
        await manager.update(Invitation, { id: invitation.id }, { acceptedAt: new Date() });
        const identity = { userId, tenantId: found.tenantId, role: invitation.role };
        await recordAudit(manager, this.memberActor(identity, client), {
          action: 'member.join',
          targetType: 'user',
          targetId: userId,
          details: { invitationId: invitation.id, role: invitation.role, newAccount: !existing },
        });
        return this.session(manager, identity, client);
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') throw new EmailTakenException();
      throw error;
    }
  }

  private async session(
    manager: EntityManager,
    identity: { userId: string; tenantId: string; role: Invitation['role'] },
    client: ClientInfo,
  ): Promise<SignupView> {
    const tenant = await manager.findOneByOrFail(Tenant, { id: identity.tenantId });
    const tokens = await this.sessions.start(manager, identity, client);
    return { ...tokens, tenant: { id: tenant.id, name: tenant.name } };
  }

  private assertUsable(invitation: Invitation): void {
    if (invitation.acceptedAt) throw new InvitationInvalidException('it was already accepted');
    if (invitation.revokedAt) throw new InvitationInvalidException('it was revoked');
    if (invitation.expiresAt.getTime() <= Date.now()) throw new InvitationInvalidException('it has expired');
  }

  private async newPasswordHash(password: string | undefined): Promise<string> {
    if (!password || password.length < PASSWORD_MIN) {
      const message = `password must be at least ${PASSWORD_MIN} characters to create your account`;
      throw new ValidationException(message, { password: [message] });
    }
    return hashPassword(password);
  }

  /** An existing account joins only with its own password (throttled like a sign-in). */
  private async checkExistingPassword(user: User, password: string | undefined): Promise<void> {
    if (!password) {
      const message = 'password is required: enter the password of your existing account';
      throw new ValidationException(message, { password: [message] });
    }
    await this.limits.consume('loginAccount', user.email);
    if (!(await verifyPassword(user.passwordHash, password))) throw new InvalidCredentialsException();
    await this.limits.reset('loginAccount', user.email);
  }

  private memberActor(
    identity: { userId: string; tenantId: string; role: Invitation['role'] },
    client: ClientInfo,
  ): Actor {
    return {
      ...identity,
      apiKeyId: null,
      sessionId: null,
      expiresAt: null,
      ip: client.ip,
      userAgent: client.userAgent,
    };
  }
}

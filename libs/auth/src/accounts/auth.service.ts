import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationException } from '@cria/core';
import { Tenant, TenantDb } from '@cria/tenancy';
import { actorContext, type Actor, type ClientInfo } from '../actor';
import { recordAudit } from '../audit/audit';
import {
  EmailTakenException,
  InvalidCredentialsException,
  MemberRequiredException,
} from '../auth.exceptions';
import type { ChangePasswordDto, MeView, SignupDto, SignupView } from '../dto/auth.dto';
import { ApiKey } from '../entities/api-key.entity';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { hashPassword, verifyPassword } from '../password';
import { RateLimits } from '../throttle/rate-limits.service';
import { SessionService, type SessionIdentity, type SessionTokens } from '../tokens/session.service';
import { WrongCurrentPasswordException } from './account.exceptions';

/** A hash to verify against when the email is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
const timingEqualiserHash = (): Promise<string> => (dummyHash ??= hashPassword('cria-timing-equaliser'));

export interface LoginAttempt extends ClientInfo {
  email: string;
  password: string;
  tenantId?: string;
}

const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  (error as { code?: unknown; constraint?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === constraint;

/** Accounts: sign-up, sign-in (throttled), sessions, password changes, "who am I". */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionService,
    private readonly limits: RateLimits,
  ) {}

  /** Creates the workspace and its owner in one transaction, and signs the owner in. */
  async signup(dto: SignupDto, client: ClientInfo): Promise<SignupView> {
    await this.limits.consume('signupIp', client.ip ?? 'unknown');
    if (await this.findUser(dto.email)) throw new EmailTakenException();
    const passwordHash = await hashPassword(dto.password);
    const tenantId = randomUUID();
    const userId = randomUUID();
    try {
      return await this.db.run(tenantId, async (manager) => {
        await manager.insert(Tenant, { id: tenantId, name: dto.organization });
        await manager.insert(User, {
          id: userId,
          email: dto.email,
          passwordHash,
          name: dto.name?.trim() || null,
        });
        await manager.insert(Membership, { tenantId, userId, role: 'owner' });
        const identity: SessionIdentity = { userId, tenantId, role: 'owner' };
        await recordAudit(manager, this.actorOf(identity, client), {
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: tenantId,
          details: { name: dto.organization },
        });
        const tokens = await this.sessions.start(manager, identity, client);
        return { ...tokens, tenant: { id: tenantId, name: dto.organization } };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new EmailTakenException();
      throw error;
    }
  }

  /**
   * Checks a sign-in (the local strategy calls it). Failures count per account and per address; both
   * limits are taken before the password is checked, so parallel guesses cannot slip past them.
   */
  async verifyLogin(attempt: LoginAttempt): Promise<SessionIdentity> {
    const email = attempt.email.trim().toLowerCase();
    await this.limits.consume('loginIp', attempt.ip ?? 'unknown');
    await this.limits.consume('loginAccount', email);
    const user = await this.findUser(email);
    const valid = await verifyPassword(user?.passwordHash ?? (await timingEqualiserHash()), attempt.password);
    if (!user || !valid) throw new InvalidCredentialsException();
    const memberships = await this.db.asUser(user.id, (manager) =>
      manager.find(Membership, { where: { userId: user.id }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
    const membership = attempt.tenantId
      ? memberships.find((m) => m.tenantId === attempt.tenantId)
      : memberships[0];
    if (!membership) throw new InvalidCredentialsException();
    await this.limits.reset('loginAccount', email);
    await this.limits.reward('loginIp', attempt.ip ?? 'unknown');
    return { userId: user.id, tenantId: membership.tenantId, role: membership.role };
  }

  /** Issues the tokens of a verified sign-in. */
  async login(identity: SessionIdentity, client: ClientInfo): Promise<SessionTokens> {
    return this.db.run(identity.tenantId, async (manager) => {
      await recordAudit(manager, this.actorOf(identity, client), {
        action: 'user.login',
        targetType: 'user',
        targetId: identity.userId,
      });
      return this.sessions.start(manager, identity, client);
    });
  }

  refresh(refreshToken: string, client: ClientInfo): Promise<SessionTokens> {
    return this.sessions.refresh(refreshToken, client);
  }

  /** Ends a session, named by its refresh token or, failing that, by its access token. */
  async logout(credentials: { refreshToken?: string; accessToken?: string | null }): Promise<void> {
    if (credentials.refreshToken) return this.sessions.logout(credentials.refreshToken);
    if (credentials.accessToken) return this.sessions.logoutAccessToken(credentials.accessToken);
    const message = 'refreshToken is required (or send the access token as Authorization: Bearer)';
    throw new ValidationException(message, { refreshToken: [message] });
  }

  /**
   * Changes the signed-in member's password and signs out every other session of theirs (in every
   * workspace), keeping the current one.
   */
  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const userId = actor.userId;
    if (!userId) throw new MemberRequiredException('change a password');
    const user = await this.db.system('password change: the user row', (manager) =>
      manager.findOneByOrFail(User, { id: userId }),
    );
    await this.limits.consume('loginAccount', user.email);
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword)))
      throw new WrongCurrentPasswordException();
    await this.limits.reset('loginAccount', user.email);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.system(
      "password change: revoke the user's sessions in every workspace",
      async (manager) => {
        await manager.update(User, { id: userId }, { passwordHash, passwordChangedAt: new Date() });
        const revoked = await this.sessions.revokeUserSessions(manager, {
          userId,
          tenantId: null,
          keepFamilyId: actor.sessionId,
        });
        await recordAudit(manager, actor, {
          action: 'user.password_change',
          targetType: 'user',
          targetId: userId,
          details: { sessionsRevoked: revoked },
        });
      },
    );
  }

  async me(actor: Actor): Promise<MeView> {
    const { tenant, apiKey } = await this.db.run(actorContext(actor), async (manager) => ({
      tenant: await manager.findOneByOrFail(Tenant, { id: actor.tenantId }),
      apiKey: actor.apiKeyId ? await manager.findOneBy(ApiKey, { id: actor.apiKeyId }) : null,
    }));
    const userId = actor.userId;
    if (!userId) {
      return {
        user: null,
        apiKey: apiKey ? { id: apiKey.id, name: apiKey.name } : null,
        tenant: { id: tenant.id, name: tenant.name },
        role: actor.role,
        memberships: [],
      };
    }
    const { user, memberships } = await this.db.system(
      'me: the workspaces this user belongs to',
      async (manager) => ({
        user: await manager.findOneByOrFail(User, { id: userId }),
        memberships: await this.membershipsOf(manager, userId),
      }),
    );
    return {
      user: { id: user.id, email: user.email, name: user.name },
      apiKey: null,
      tenant: { id: tenant.id, name: tenant.name },
      role: actor.role,
      memberships,
    };
  }

  private async membershipsOf(manager: EntityManager, userId: string): Promise<MeView['memberships']> {
    const rows = await manager.query<Array<{ tenant_id: string; name: string; role: string }>>(
      `SELECT m.tenant_id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
        WHERE m.user_id = $1 ORDER BY m.created_at, m.id`,
      [userId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, tenantName: r.name, role: r.role }));
  }

  private findUser(email: string): Promise<User | null> {
    return this.db.system('authentication: user by email', (manager) => manager.findOneBy(User, { email }));
  }

  private actorOf(identity: SessionIdentity, client: ClientInfo): Actor {
    return {
      tenantId: identity.tenantId,
      role: identity.role,
      userId: identity.userId,
      apiKeyId: null,
      sessionId: null,
      expiresAt: null,
      ip: client.ip,
      userAgent: client.userAgent,
    };
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { IsNull, type EntityManager } from 'typeorm';
import { TenantDb } from '@cria/tenancy';
import type { ClientInfo } from '../actor';
import {
  InvalidAccessTokenException,
  InvalidRefreshTokenException,
  RefreshTokenReusedException,
} from '../auth.exceptions';
import { Membership } from '../entities/membership.entity';
import { isUuid } from '../page';
import { RefreshToken } from '../entities/refresh-token.entity';
import type { Role } from '../roles';
import { randomSecret, sha256 } from './token-hash';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3_600;
export const JWT_ISSUER = 'cria';
export const JWT_AUDIENCE = 'cria-api';

/** Claims of an access token: `sub` is the user, `sid` the session (refresh-token family). */
export interface AccessTokenClaims {
  sub: string;
  tenantId: string;
  role: Role;
  sid: string;
  iat?: number;
  exp?: number;
}

/** Who a session belongs to: a user in one tenant with a role. */
export interface SessionIdentity {
  userId: string;
  tenantId: string;
  role: Role;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

type RotateOutcome =
  | { kind: 'rotated'; identity: SessionIdentity; familyId: string; refreshToken: string }
  | { kind: 'reused' }
  | { kind: 'invalid' };

/**
 * Sessions: short-lived JWT access tokens (15 min) and rotating refresh tokens (30 days, stored as
 * SHA-256). A refresh token works once; presenting it again revokes its whole family.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: TenantDb,
    private readonly jwt: JwtService,
  ) {}

  /** Starts a session inside the caller's tenant transaction (sign-up, sign-in, invitation). */
  async start(manager: EntityManager, identity: SessionIdentity, client: ClientInfo): Promise<SessionTokens> {
    const familyId = randomUUID();
    const refreshToken = await this.insertRefreshToken(manager, identity, familyId, client);
    return { accessToken: await this.signAccessToken(identity, familyId), refreshToken };
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<SessionTokens> {
    const found = await this.findByToken(refreshToken);
    if (!found) throw new InvalidRefreshTokenException();
    const outcome = await this.db.run(found.tenantId, async (manager): Promise<RotateOutcome> => {
      const row = await manager
        .getRepository(RefreshToken)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id: found.id })
        .getOne();
      if (!row) return { kind: 'invalid' };
      if (row.usedAt || row.revokedAt) {
        // Reuse of a rotated (or revoked) token: someone else may hold the family. End it.
        await this.revokeFamilies(manager, [row.familyId]);
        return { kind: 'reused' };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
      const membership = await manager.findOne(Membership, {
        where: { tenantId: row.tenantId, userId: row.userId },
      });
      if (!membership) {
        await this.revokeFamilies(manager, [row.familyId]);
        return { kind: 'invalid' };
      }
      await manager.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
      const identity = { userId: row.userId, tenantId: row.tenantId, role: membership.role };
      const next = await this.insertRefreshToken(manager, identity, row.familyId, client);
      return { kind: 'rotated', identity, familyId: row.familyId, refreshToken: next };
    });
    switch (outcome.kind) {
      case 'reused':
        throw new RefreshTokenReusedException();
      case 'invalid':
        throw new InvalidRefreshTokenException();
      case 'rotated':
        return {
          accessToken: await this.signAccessToken(outcome.identity, outcome.familyId),
          refreshToken: outcome.refreshToken,
        };
    }
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const found = await this.findByToken(refreshToken);
    if (!found) return;
    await this.db.run(found.tenantId, (manager) => this.revokeFamilies(manager, [found.familyId]));
  }

  /** Ends the session of a (valid) access token. */
  async logoutAccessToken(accessToken: string): Promise<void> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(accessToken, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      throw new InvalidAccessTokenException('invalid');
    }
    if (!isUuid(claims.tenantId) || !isUuid(claims.sid)) throw new InvalidAccessTokenException('invalid');
    await this.db.run(claims.tenantId, (manager) => this.revokeFamilies(manager, [claims.sid]));
  }

  /**
   * Revokes every live refresh token of a user in one tenant (or, with `tenantId: null` inside a system
   * transaction, in all of them), except the session `keepFamilyId`. Returns how many were revoked.
   */
  async revokeUserSessions(
    manager: EntityManager,
    scope: { userId: string; tenantId: string | null; keepFamilyId: string | null },
  ): Promise<number> {
    const result = await manager.query<[unknown[], number]>(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL
          AND ($2::uuid IS NULL OR tenant_id = $2::uuid)
          AND ($3::uuid IS NULL OR family_id <> $3::uuid)`,
      [scope.userId, scope.tenantId, scope.keepFamilyId],
    );
    return result[1];
  }

  signAccessToken(identity: SessionIdentity, sessionId: string): Promise<string> {
    const claims: Omit<AccessTokenClaims, 'sub'> = {
      tenantId: identity.tenantId,
      role: identity.role,
      sid: sessionId,
    };
    return this.jwt.signAsync(claims, { subject: identity.userId });
  }

  private async revokeFamilies(manager: EntityManager, familyIds: string[]): Promise<void> {
    for (const familyId of familyIds) {
      await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
  }

  private async insertRefreshToken(
    manager: EntityManager,
    identity: SessionIdentity,
    familyId: string,
    client: ClientInfo,
  ): Promise<string> {
    const token = randomSecret();
    await manager.insert(RefreshToken, {
      tenantId: identity.tenantId,
      userId: identity.userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    return token;
  }

  private async findByToken(token: string): Promise<RefreshToken | null> {
    if (token.length < 20 || token.length > 200) return null;
    return this.db.system('refresh token: find its tenant by hash', (manager) =>
      manager.findOne(RefreshToken, { where: { tokenHash: sha256(token) } }),
    );
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import type { Actor } from '../actor';
import { InvalidAccessTokenException } from '../auth.exceptions';
import { isUuid } from '../page';
import { clientInfo, type AuthenticatedRequest } from '../request';
import type { Role } from '../roles';
import { JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from '../tokens/session.service';

/**
 * Verifies access tokens (HS256, JWT_SECRET, issuer and audience checked, expiry enforced), then confirms
 * the membership still exists and the session was not revoked: a removed member or a signed-out session
 * stops working at once, and a changed role applies at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: TenantDb,
  ) {
    super({
      jwtFromRequest: (request: AuthenticatedRequest) => request.bearerToken ?? null,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      passReqToCallback: true,
    });
  }

  async validate(request: AuthenticatedRequest, claims: AccessTokenClaims): Promise<Actor> {
    if (!isUuid(claims.sub) || !isUuid(claims.tenantId) || !isUuid(claims.sid)) {
      throw new InvalidAccessTokenException('invalid');
    }
    const [row] = await this.db.run({ tenantId: claims.tenantId, userId: claims.sub }, (manager) =>
      manager.query<Array<{ role: Role; live: boolean }>>(
        `SELECT m.role,
                EXISTS (SELECT 1 FROM refresh_tokens r
                         WHERE r.tenant_id = m.tenant_id AND r.user_id = m.user_id AND r.family_id = $3
                           AND r.revoked_at IS NULL) AS live
           FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = $2`,
        [claims.tenantId, claims.sub, claims.sid],
      ),
    );
    if (!row || !row.live) throw new InvalidAccessTokenException('revoked');
    return {
      tenantId: claims.tenantId,
      role: row.role,
      userId: claims.sub,
      apiKeyId: null,
      sessionId: claims.sid,
      expiresAt: claims.exp ? new Date(claims.exp * 1000) : null,
      ...clientInfo(request),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AuthService } from '../accounts/auth.service';
import { clientInfo, type AuthenticatedRequest } from '../request';
import type { SessionIdentity } from '../tokens/session.service';

/** Email + password sign-in (passport-local); throttling and the choice of workspace live in AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(request: AuthenticatedRequest, email: string, password: string): Promise<SessionIdentity> {
    const { tenantId } = request.body as { tenantId?: unknown };
    return this.auth.verifyLogin({
      email,
      password,
      tenantId: typeof tenantId === 'string' ? tenantId : undefined,
      ...clientInfo(request),
    });
  }
}

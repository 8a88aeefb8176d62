import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { ApiKeyService, API_KEY_PREFIX } from '../api-keys/api-key.service';
import { AuthenticationRequiredException, InvalidAccessTokenException } from '../auth.exceptions';
import { ALLOW_QUERY_TOKEN_KEY } from '../decorators/metadata-keys';
import { bearerToken, clientInfo, type AuthenticatedRequest } from '../request';

/**
 * Accepts either credential of the admin API: an API key (`cria_…`, looked up by hash) or a JWT access
 * token (verified by the passport-jwt strategy). Leaves the actor on `request.principal`.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const allowQuery =
      this.reflector.getAllAndOverride<boolean | undefined>(ALLOW_QUERY_TOKEN_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false;
    const token = bearerToken(request, allowQuery);
    if (!token) throw new AuthenticationRequiredException();
    if (token.startsWith(API_KEY_PREFIX)) {
      request.principal = await this.apiKeys.authenticate(token, clientInfo(request));
      return true;
    }
    request.bearerToken = token;
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false, property: 'principal' };
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error instanceof Error ? error : new Error('authentication failed', { cause: error });
    if (!user) {
      const expired = (info as { name?: unknown } | undefined)?.name === 'TokenExpiredError';
      throw new InvalidAccessTokenException(expired ? 'expired' : 'invalid');
    }
    return user;
  }
}

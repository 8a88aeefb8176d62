import {
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor, ClientInfo } from '../actor';
import { AuthenticationGuard } from '../guards/authentication.guard';
import { RolesGuard } from '../guards/roles.guard';
import { clientInfo, type AuthenticatedRequest } from '../request';
import type { SessionIdentity } from '../tokens/session.service';
import type { Role } from '../roles';
import { ALLOW_QUERY_TOKEN_KEY, ROLES_KEY } from './metadata-keys';

/** Every role: what agents may do. */
export const ANY_ROLE: readonly Role[] = ['owner', 'admin', 'agent'];
/** Changes to assistants, channels, members, API keys and settings. */
export const ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

/** The roles allowed on a controller or route (a route's list replaces its controller's). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Requires a JWT or an API key, and one of `roles`. Controllers of the admin API put this on the class;
 * a route may narrow it with `@Roles(...)`.
 */
export const Authenticated = (...roles: Role[]) =>
  applyDecorators(
    UseGuards(AuthenticationGuard, RolesGuard),
    ...(roles.length ? [Roles(...roles)] : []),
    ApiBearerAuth('jwt'),
    ApiBearerAuth('api-key'),
    ApiUnauthorizedResponse({ description: 'No, expired or invalid credentials' }),
    ApiForbiddenResponse({ description: 'The role is not allowed here' }),
  );

/** Lets a route also take the token as `?access_token=` (EventSource cannot send headers). */
export const AllowQueryToken = () => SetMetadata(ALLOW_QUERY_TOKEN_KEY, true);

/** The authenticated actor; fails loudly on a route without authentication. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentActor used on a route without @Authenticated()');
  return principal;
});

/** The caller's address and user agent. */
export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientInfo =>
  clientInfo(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The identity the local strategy verified (sign-in route only). */
export const VerifiedLogin = createParamDecorator(
  (_: unknown, context: ExecutionContext): SessionIdentity => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user as
      SessionIdentity | undefined;
    if (!user) throw new Error('VerifiedLogin used on a route without LocalAuthGuard');
    return user;
  },
);

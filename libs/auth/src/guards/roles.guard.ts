import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RoleRequiredException } from '../auth.exceptions';
import type { AuthenticatedRequest } from '../request';
import { ROLES_KEY } from '../decorators/metadata-keys';
import type { Role } from '../roles';

/** Allows the route when the actor's role is among those declared with @Roles / @Authenticated. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A route that forgot to declare its roles is a bug: refuse rather than guess.
    if (!allowed?.length)
      throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no roles`);
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal || !allowed.includes(principal.role)) throw new RoleRequiredException(allowed);
    return true;
  }
}

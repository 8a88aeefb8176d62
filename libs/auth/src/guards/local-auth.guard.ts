import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { InvalidCredentialsException } from '../auth.exceptions';
import { LoginDto } from '../dto/auth.dto';
import type { AuthenticatedRequest } from '../request';
import { validationFailure } from './validation-failure';

/**
 * Runs the local strategy on POST /api/auth/login. Guards run before pipes, so the body is validated here
 * first (same rules as the global ValidationPipe) and a malformed request never reaches the throttles.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const dto = plainToInstance(LoginDto, (request.body ?? {}) as object);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationFailure(errors);
    request.body = dto;
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false };
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error instanceof Error ? error : new Error('authentication failed', { cause: error });
    if (!user) throw new InvalidCredentialsException();
    return user;
  }
}

import {
  AppException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
} from '@cria/core';
import type { Role } from './roles';

export class AuthenticationRequiredException extends UnauthorizedException {
  constructor() {
    super('Authentication required: send Authorization: Bearer <access token or API key>');
  }
}

export class InvalidCredentialsException extends AppException {
  readonly code = 'invalid_credentials';
  readonly status = 401;
  constructor() {
    super('Email or password is incorrect');
  }
}

export class InvalidAccessTokenException extends AppException {
  readonly code: 'token_expired' | 'invalid_token';
  readonly status = 401;
  constructor(reason: 'expired' | 'invalid' | 'revoked') {
    super(
      reason === 'expired'
        ? 'The access token has expired; refresh it'
        : reason === 'revoked'
          ? 'This credential is no longer valid'
          : 'The access token is not valid',
    );
    this.code = reason === 'expired' ? 'token_expired' : 'invalid_token';
  }
}

export class InvalidRefreshTokenException extends AppException {
  readonly code = 'invalid_refresh_token';
  readonly status = 401;
  constructor() {
    super('The refresh token is not valid or has expired; sign in again');
  }
}

/** A refresh token was presented again after it had been rotated: the whole session is revoked. */
export class RefreshTokenReusedException extends AppException {
  readonly code = 'refresh_token_reused';
  readonly status = 401;
  constructor() {
    super('This refresh token was already used; the session has been revoked for safety. Sign in again');
  }
}

export class InvalidApiKeyException extends AppException {
  readonly code = 'invalid_api_key';
  readonly status = 401;
  constructor() {
    super('The API key is not valid, expired or revoked');
  }
}

/** 429 with Retry-After (the HTTP filter sets the header from `details.retryAfterSeconds`). */
export class ThrottledException extends AppException {
  readonly code = 'too_many_requests';
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${message}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export class RoleRequiredException extends ForbiddenException {
  constructor(allowed: readonly Role[]) {
    super(`This action needs one of these roles: ${allowed.join(', ')}`, { allowed });
  }
}

export class OwnerRequiredException extends ForbiddenException {
  constructor(what: string) {
    super(`Only an owner can ${what}`);
  }
}

/** Something only a signed-in member can do (an API key is not a person). */
export class MemberRequiredException extends ForbiddenException {
  constructor(what: string) {
    super(`Only a signed-in member can ${what}, not an API key`);
  }
}

export class EmailTakenException extends ConflictException {
  constructor() {
    super('An account with this email already exists; sign in instead', { field: 'email' });
  }
}

export class LastOwnerException extends AppException {
  readonly code = 'last_owner';
  readonly status = 409;
  constructor() {
    super('A workspace must keep at least one owner: make someone else owner first');
  }
}

export class AlreadyMemberException extends ConflictException {
  constructor() {
    super('This person is already a member of the workspace', { field: 'email' });
  }
}

export class InvitationInvalidException extends AppException {
  readonly code = 'invitation_invalid';
  readonly status = 400;
  constructor(reason: string) {
    super(`This invitation cannot be used: ${reason}`);
  }
}

export class MemberNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Member', id);
  }
}

export class ApiKeyNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('API key', id);
  }
}

export class InvitationNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Invitation', id);
  }
}

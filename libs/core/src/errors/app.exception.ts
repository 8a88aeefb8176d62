/**
 * A domain error with a stable code. Domain libs throw these; the one HTTP filter maps them to responses,
 * and workers decide from `retryable` whether a job should be tried again.
 */
export abstract class AppException extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly retryable: boolean = false;

  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundException extends AppException {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(resource: string, id?: string) {
    super(id ? `${resource} ${id} was not found` : `${resource} was not found`, { resource });
  }
}

export class ValidationException extends AppException {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message, { fields });
  }
}

export class ConflictException extends AppException {
  readonly code = 'conflict';
  readonly status = 409;
}

export class UnauthorizedException extends AppException {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenException extends AppException {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class PayloadTooLargeException extends AppException {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

export class UnsupportedMediaTypeException extends AppException {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

export class TooManyRequestsException extends AppException {
  readonly code = 'too_many_requests';
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });
  }
}

export class ServiceUnavailableException extends AppException {
  readonly code = 'service_unavailable';
  readonly status = 503;
  override readonly retryable = true;
}

/** Thrown when code reads the tenant context outside a request or job that set it. */
export class TenantContextMissingException extends AppException {
  readonly code = 'tenant_context_missing';
  readonly status = 500;
  constructor() {
    super('No tenant is set for this unit of work');
  }
}

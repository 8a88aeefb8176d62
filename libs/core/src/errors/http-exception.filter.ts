import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from './app.exception';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errorId?: string;
  details?: unknown;
}

/** Postgres errors that mean "the database is unreachable" rather than a bug. */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300']);

/**
 * The one place exceptions become HTTP responses. Coded domain exceptions map to their status; Nest's own
 * HttpExceptions (validation pipe, guards, body parser) keep theirs; anything else is a 500 carrying an
 * errorId that is also logged with the stack, so a user's report can be found in the logs.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    if (response.headersSent) return;
    // Some HttpExceptions carry a complete body of their own (terminus's health report): keep it.
    if (exception instanceof HttpException) {
      const own = exception.getResponse();
      if (typeof own === 'object' && own !== null && !('message' in own)) {
        response.status(exception.getStatus()).json(own);
        return;
      }
    }
    const body = errorBody(exception, request, this.logger);
    if (exception instanceof AppException && exception.status === 429) {
      const retry = (exception.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry !== undefined) response.setHeader('Retry-After', String(retry));
    }
    response.status(body.statusCode).json(body);
  }
}

/**
 * The JSON body (and status) an exception is answered with; unexpected errors are logged here with an errorId.
 * Also used by the webhook receiver, which answers outside Nest's pipeline.
 */
export function errorBody(
  exception: unknown,
  request: { method?: string; url?: string },
  logger: Pick<Logger, 'error'>,
): ErrorBody {
  if (exception instanceof AppException) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const own = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(own) ? own.join('; ') : typeof own === 'string' ? own : exception.message;
    return { statusCode: status, code: httpCode(status), message };
  }
  const errorId = randomUUID();
  const code = (exception as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && DATABASE_DOWN.has(code)) {
    logger.error({ errorId, err: exception, path: request.url }, 'database unavailable');
    return {
      statusCode: 503,
      code: 'service_unavailable',
      message: 'The database is unavailable; try again shortly',
      errorId,
    };
  }
  logger.error({ errorId, err: exception, method: request.method, path: request.url }, 'unexpected error');
  return {
    statusCode: 500,
    code: 'internal_error',
    message: `Unexpected error (errorId ${errorId})`,
    errorId,
  };
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'too_many_requests';
    default:
      return status >= 500 ? 'internal_error' : 'error';
  }
}

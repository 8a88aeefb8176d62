import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './http-duration';

/**
 * Times every routed request; the label is the route pattern, never the raw URL (ids stay out). A
 * middleware rather than a global interceptor: Nest's interceptor chain binds an AsyncResource per
 * request, which cost the webhook endpoint more than the timing itself (a profile of the channels
 * benchmark). Requests no route matched (static files, 404s) are not timed; webhook posts, which never
 * reach Express, are timed by the webhook receiver under the same metric.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const end = httpRequestDuration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route) end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

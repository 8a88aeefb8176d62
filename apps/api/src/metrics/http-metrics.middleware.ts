import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, metric } from '@cria/core';

const duration = metric(
  'cria_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'cria_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

/**
 * Times every routed request; the label is the route pattern, never the raw URL (ids stay out). A
 * middleware rather than a global interceptor: Nest's interceptor chain binds an AsyncResource per
 * request, which cost the webhook endpoint more than the timing itself (a profile of the channels
 * benchmark). Requests no route matched (static files, 404s) are not timed.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const end = duration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route) end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}

import { Histogram, metric } from '@cria/core';

/** Request durations by route pattern (never the raw URL: ids stay out) and status. */
export const httpRequestDuration = metric(
  'cria_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'cria_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

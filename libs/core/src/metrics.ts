import { Counter, Gauge, Histogram, collectDefaultMetrics, register, type Metric } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop) once per process, whichever app module starts first. */
export function ensureDefaultMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ prefix: 'cria_' });
}

/**
 * Returns the metric registered under `name`, creating it on first use, so modules that may be
 * instantiated twice in one process (api and worker together, tests) never register a name twice.
 */
export function metric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export { Counter, Gauge, Histogram, register as metricsRegistry };

import type { EngineRuntime } from './engine-runtime';
import type { SchedulerOptions } from './inference.options';
import type { InferenceMetrics } from './metrics';
import { FairScheduler } from './scheduler/fair-scheduler';
import type { SequencePool, SlotLease } from './sequence-pool';

/** What a request runs on: the base sequences, or an adapter's; with its conversation for warm reuse. */
export interface Resource {
  readonly conversationKey?: string;
  readonly adapter?: string;
}

/** A sequence held by a request, or the reason its adapter could not load. */
export type Lease = { readonly slot: SlotLease; readonly pool: SequencePool } | { readonly error: Error };

export type EngineScheduler = FairScheduler<Resource, Lease>;

function acquire(runtime: EngineRuntime, resource: Resource): Lease | undefined {
  if (resource.adapter) {
    const result = runtime.lora.tryAcquire(resource.adapter, resource.conversationKey);
    if (!result) return undefined;
    return 'error' in result ? result : { slot: result.lease, pool: result.pool };
  }
  const slot = runtime.pool.tryAcquire(resource.conversationKey);
  return slot ? { slot, pool: runtime.pool } : undefined;
}

/** The fair scheduler over the runtime's sequences, with the queue caps and tenant weights configured. */
export function createEngineScheduler(
  runtime: EngineRuntime,
  limits: SchedulerOptions,
  metrics: InferenceMetrics,
): EngineScheduler {
  return new FairScheduler<Resource, Lease>(
    {
      maxQueued: limits.maxQueued ?? 1000,
      maxQueuedPerTenant: limits.maxQueuedPerTenant ?? 100,
      // One sequence stays free for other tenants, so a flood never makes them wait a whole request.
      maxRunningPerTenant: limits.maxRunningPerTenant ?? Math.max(1, runtime.pool.size - 1),
    },
    {
      acquire: (resource) => acquire(runtime, resource),
      release: (lease) => {
        if ('slot' in lease) lease.pool.release(lease.slot);
      },
      weightOf: (tenantId) => limits.tenantWeights?.[tenantId] ?? 1,
      observer: {
        queued: (tenant, delta) => metrics.queuedDelta(tenant, delta),
        running: (tenant, delta) => metrics.runningDelta(tenant, delta),
      },
    },
  );
}

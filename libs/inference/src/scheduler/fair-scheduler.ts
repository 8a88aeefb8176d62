import { InferenceBusyError, InferenceCancelledError, InferenceTimeoutError } from '../inference.errors';
import type { InferencePriority } from '../inference.types';

export const PRIORITIES: readonly InferencePriority[] = ['live', 'playground', 'background'];

export interface SchedulerLimits {
  readonly maxQueued: number;
  readonly maxQueuedPerTenant: number;
  readonly maxRunningPerTenant: number;
}

export interface JobSpec<R> {
  readonly tenantId: string;
  readonly priority: InferencePriority;
  /** Estimated tokens (prompt + reply) used to charge the tenant's share when the job starts. */
  readonly cost: number;
  /** What the job runs on (e.g. the base model or a LoRA adapter); handed to `acquire`. */
  readonly resource: R;
  /** Epoch ms after which a job still waiting fails with InferenceTimeoutError. */
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface Admission<L> {
  readonly lease: L;
  readonly queueWaitMs: number;
  /** Frees the lease and charges the tenant what the job really used. Idempotent. */
  finish(actualCost: number): void;
}

export interface SchedulerObserver {
  queued?(tenantId: string, delta: number): void;
  running?(tenantId: string, delta: number): void;
}

export interface SchedulerHooks<R, L> {
  /** Returns a lease when the job's resource has room now; undefined makes the job wait. */
  acquire(resource: R): L | undefined;
  release(lease: L): void;
  weightOf?(tenantId: string): number;
  observer?: SchedulerObserver;
  now?: () => number;
}

interface Job<R, L> {
  readonly spec: JobSpec<R>;
  readonly enqueuedAt: number;
  readonly seq: number;
  resolve(admission: Admission<L>): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface TenantState<R, L> {
  /** Virtual time: tokens charged so far divided by the tenant's weight. */
  vtime: number;
  running: number;
  queued: number;
  readonly queues: Record<InferencePriority, Array<Job<R, L>>>;
}

/**
 * Start-time fair queuing on tokens across tenants, under strict priority classes.
 *
 * Each tenant has a virtual time that grows by the tokens its jobs use divided by its weight. The next job
 * is the head of the highest priority class present, from the tenant with the smallest virtual time. A
 * tenant that was idle re-enters at the current system virtual time, so it cannot bank credit, and one that
 * floods the queue only competes with its own backlog: another tenant's request is served as soon as a
 * sequence frees. Caps bound every queue (InferenceBusyError); deadlines and abort signals remove waiting
 * jobs; `finish` corrects the estimate with the tokens really used.
 */
export class FairScheduler<R, L> {
  private readonly tenants = new Map<string, TenantState<R, L>>();
  private systemVtime = 0;
  private totalQueued = 0;
  private totalRunning = 0;
  private seq = 0;
  private closedReason: string | undefined;
  private readonly now: () => number;

  constructor(
    private readonly limits: SchedulerLimits,
    private readonly hooks: SchedulerHooks<R, L>,
  ) {
    this.now = hooks.now ?? (() => Date.now());
  }

  get queued(): number {
    return this.totalQueued;
  }

  get running(): number {
    return this.totalRunning;
  }

  tenantCounts(tenantId: string): { queued: number; running: number } {
    const tenant = this.tenants.get(tenantId);
    return { queued: tenant?.queued ?? 0, running: tenant?.running ?? 0 };
  }

  /** Waits for the job's turn and a lease. Rejects with InferenceBusyError when the caps are reached. */
  schedule(spec: JobSpec<R>): Promise<Admission<L>> {
    if (this.closedReason !== undefined)
      return Promise.reject(new InferenceBusyError('shutting_down', spec.tenantId));
    if (spec.signal?.aborted) return Promise.reject(new InferenceCancelledError('queued'));
    const tenant = this.tenantState(spec.tenantId);
    if (tenant.queued >= this.limits.maxQueuedPerTenant) {
      return Promise.reject(new InferenceBusyError('tenant_queue_full', spec.tenantId));
    }
    if (this.totalQueued >= this.limits.maxQueued)
      return Promise.reject(new InferenceBusyError('queue_full', spec.tenantId));
    if (tenant.queued === 0 && tenant.running === 0) tenant.vtime = Math.max(tenant.vtime, this.systemVtime);

    return new Promise<Admission<L>>((resolve, reject) => {
      const job: Job<R, L> = {
        spec,
        enqueuedAt: this.now(),
        seq: this.seq++,
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          spec.signal?.removeEventListener('abort', onAbort);
        },
      };
      const onAbort = () => this.drop(job, new InferenceCancelledError('queued'));
      const timer = setTimeout(
        () => this.drop(job, new InferenceTimeoutError('queued', spec.timeoutMs)),
        Math.max(0, spec.deadlineAt - this.now()),
      );
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      tenant.queues[spec.priority].push(job);
      tenant.queued++;
      this.totalQueued++;
      this.hooks.observer?.queued?.(spec.tenantId, 1);
      this.pump();
    });
  }

  /** Call when a resource may have freed outside `finish` (e.g. an adapter context finished loading). */
  pump(): void {
    for (;;) {
      const next = this.pickNext();
      if (!next) return;
      this.start(next.job, next.lease);
    }
  }

  /** Refuses new jobs and fails the waiting ones (shutdown). */
  close(reason: string): void {
    this.closedReason = reason;
    for (const [tenantId, tenant] of this.tenants) {
      for (const priority of PRIORITIES) {
        for (const job of [...tenant.queues[priority]])
          this.drop(job, new InferenceBusyError('shutting_down', tenantId));
      }
    }
  }

  private tenantState(tenantId: string): TenantState<R, L> {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = {
        vtime: this.systemVtime,
        running: 0,
        queued: 0,
        queues: { live: [], playground: [], background: [] },
      };
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  private weight(tenantId: string): number {
    const weight = this.hooks.weightOf?.(tenantId) ?? 1;
    return weight > 0 && Number.isFinite(weight) ? weight : 1;
  }

  private pickNext(): { job: Job<R, L>; lease: L } | undefined {
    for (const priority of PRIORITIES) {
      const candidates: Array<{ tenant: TenantState<R, L>; job: Job<R, L> }> = [];
      for (const tenant of this.tenants.values()) {
        const job = tenant.queues[priority][0];
        if (job && tenant.running < this.limits.maxRunningPerTenant) candidates.push({ tenant, job });
      }
      candidates.sort(
        (a, b) =>
          a.tenant.vtime - b.tenant.vtime || a.tenant.running - b.tenant.running || a.job.seq - b.job.seq,
      );
      for (const { job } of candidates) {
        const lease = this.hooks.acquire(job.spec.resource);
        if (lease !== undefined) return { job, lease };
      }
    }
    return undefined;
  }

  private removeFromQueue(job: Job<R, L>): boolean {
    const tenant = this.tenants.get(job.spec.tenantId);
    const queue = tenant?.queues[job.spec.priority];
    const index = queue?.indexOf(job) ?? -1;
    if (!tenant || !queue || index < 0) return false;
    queue.splice(index, 1);
    tenant.queued--;
    this.totalQueued--;
    this.hooks.observer?.queued?.(job.spec.tenantId, -1);
    job.cleanup();
    return true;
  }

  private drop(job: Job<R, L>, error: Error): void {
    if (!this.removeFromQueue(job)) return;
    this.forgetIfIdle(job.spec.tenantId);
    job.reject(error);
  }

  /** An idle tenant behind the system virtual time would re-enter there anyway; forgetting it bounds the map. */
  private forgetIfIdle(tenantId: string): void {
    const tenant = this.tenants.get(tenantId);
    if (tenant && tenant.queued === 0 && tenant.running === 0 && tenant.vtime <= this.systemVtime)
      this.tenants.delete(tenantId);
  }

  private start(job: Job<R, L>, lease: L): void {
    this.removeFromQueue(job);
    const { tenantId, cost } = job.spec;
    const tenant = this.tenantState(tenantId);
    const weight = this.weight(tenantId);
    this.systemVtime = Math.max(this.systemVtime, tenant.vtime);
    tenant.vtime += cost / weight;
    tenant.running++;
    this.totalRunning++;
    this.hooks.observer?.running?.(tenantId, 1);
    let finished = false;
    job.resolve({
      lease,
      queueWaitMs: this.now() - job.enqueuedAt,
      finish: (actualCost: number) => {
        if (finished) return;
        finished = true;
        tenant.vtime = Math.max(this.systemVtime, tenant.vtime + (actualCost - cost) / weight);
        tenant.running--;
        this.totalRunning--;
        this.hooks.observer?.running?.(tenantId, -1);
        this.hooks.release(lease);
        this.forgetIfIdle(tenantId);
        this.pump();
      },
    });
  }
}

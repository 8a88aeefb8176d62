import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import {
  actorContext,
  decodeCursorFields,
  encodeCursor,
  pageSize,
  recordAudit,
  type Actor,
  type Page,
} from '@cria/auth';
import { AppException, NotFoundException } from '@cria/core';
import { ALL_QUEUES, type QueueName } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import type { FailedJobsQueryDto, FailedJobView } from './failed-jobs.dto';

/** How many of the newest failed jobs of each queue are looked through for the caller's tenant. */
export const FAILED_SCAN_LIMIT = 1_000;

export class FailedJobNotFoundException extends NotFoundException {
  constructor(queue: string, id: string) {
    super(`Failed job ${queue}`, id);
  }
}

export class JobNotFailedException extends AppException {
  readonly code = 'job_not_failed';
  readonly status = 409;
  constructor(state: string) {
    super(`The job is ${state}, not failed: only failed jobs can be retried`);
  }
}

const isQueueName = (value: string): value is QueueName => (ALL_QUEUES as string[]).includes(value);

const tenantOf = (job: Job): unknown => (job.data as { tenantId?: unknown } | null)?.tenantId;

/**
 * The dead letters of BullMQ, per tenant: failed jobs whose payload carries the caller's tenantId, and
 * replaying one. Jobs of another tenant (or cross-tenant maintenance jobs) answer 404 like missing ones.
 */
@Injectable()
export class FailedJobsService implements OnModuleInit {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly db: TenantDb,
    private readonly modules: ModuleRef,
  ) {}

  /** Every queue QueueModule registers (ALL_QUEUES), so a new queue shows up here without a change. */
  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.queues.set(name, this.modules.get<Queue>(getQueueToken(name), { strict: false }));
    }
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }

  /** Newest failures first. */
  async list(actor: Actor, query: FailedJobsQueryDto): Promise<Page<FailedJobView>> {
    const limit = pageSize(query.limit);
    const cursor = decodeCursorFields(query.cursor, ['t', 'q', 'id'] as const);
    const names = query.queue ? [query.queue] : ALL_QUEUES;
    const found: FailedJobView[] = [];
    for (const name of names) {
      const jobs = await this.queue(name).getFailed(0, FAILED_SCAN_LIMIT - 1);
      for (const job of jobs) if (job && tenantOf(job) === actor.tenantId) found.push(this.view(name, job));
    }
    const key = (j: FailedJobView) => [j.finishedOn ?? 0, `${j.queue}\u0000${j.id}`] as const;
    found.sort((a, b) => key(b)[0] - key(a)[0] || key(b)[1].localeCompare(key(a)[1]));
    const after = cursor
      ? found.filter((j) => {
          const [t, k] = key(j);
          const ct = Number(cursor.t);
          return t < ct || (t === ct && k.localeCompare(`${cursor.q}\u0000${cursor.id}`) < 0);
        })
      : found;
    const items = after.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        after.length > limit && last
          ? encodeCursor({ t: String(last.finishedOn ?? 0), q: last.queue, id: last.id })
          : null,
    };
  }

  /** Moves a failed job of the caller's tenant back to waiting, attempts reset. */
  async retry(actor: Actor, queueName: string, id: string): Promise<FailedJobView> {
    if (!isQueueName(queueName)) throw new FailedJobNotFoundException(queueName, id);
    const job = await this.queue(queueName).getJob(id);
    if (!job || tenantOf(job) !== actor.tenantId) throw new FailedJobNotFoundException(queueName, id);
    const state = await job.getState();
    if (state !== 'failed') throw new JobNotFailedException(state);
    await this.db.run(actorContext(actor), async (manager) => {
      await recordAudit(manager, actor, {
        action: 'job.retry',
        targetType: 'job',
        targetId: `${queueName}:${id}`,
        details: { name: job.name, failedReason: job.failedReason?.slice(0, 500) ?? null },
      });
      await job.retry('failed', { resetAttemptsMade: true });
    });
    return this.view(queueName, job);
  }

  private view(queue: QueueName, job: Job): FailedJobView {
    return {
      id: job.id ?? '',
      queue,
      name: job.name,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      timestamp: job.timestamp,
      finishedOn: job.finishedOn ?? null,
    };
  }
}

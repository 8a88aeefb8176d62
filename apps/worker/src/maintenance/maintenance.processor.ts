import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { ConversationLifecycle, SummaryService } from '@cria/conversations';
import { FAST_RECOVERY, QueueName, type MaintenanceJob } from '@cria/queue';
import { ReconcilerService } from './reconciler.service';
import { RetentionService } from './retention.service';

/** Periodic housekeeping. Job schedulers are upserted at boot, so every worker agrees on one schedule. */
@Processor(QueueName.Maintenance, { concurrency: 1, ...FAST_RECOVERY })
export class MaintenanceProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue<MaintenanceJob>,
    private readonly retention: RetentionService,
    private readonly reconciler: ReconcilerService,
    private readonly lifecycle: ConversationLifecycle,
    private readonly summaries: SummaryService,
  ) {
    super();
  }

  private timer: NodeJS.Timeout | undefined;

  onApplicationBootstrap(): void {
    // Not awaited: with Redis away, boot goes on and the schedules are written once it is back. They are
    // written again every 10 s (idempotent), so a Redis that lost everything gets its reconciler back.
    const schedule = () =>
      this.schedule().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not schedule maintenance jobs'),
      );
    void schedule();
    this.timer = setInterval(() => void schedule(), 10_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'reconcile',
      { every: 10_000 },
      { name: 'reconcile', data: { kind: 'reconcile', tenantId: null } },
    );
    await this.queue.upsertJobScheduler(
      'retention',
      { every: 6 * 3_600_000 },
      { name: 'retention', data: { kind: 'retention', tenantId: null } },
    );
    await this.queue.upsertJobScheduler(
      'auto-close',
      { every: 60_000 },
      { name: 'auto-close', data: { kind: 'auto-close', tenantId: null } },
    );
  }

  async process(job: Job<MaintenanceJob>): Promise<unknown> {
    const data = job.data;
    switch (data.kind) {
      case 'retention':
        return this.retention.run();
      case 'reconcile':
        return this.reconciler.run();
      case 'auto-close':
        return this.lifecycle.autoClose();
      case 'summarize':
        return this.summaries.summarise(data.tenantId, data.conversationId);
    }
  }
}

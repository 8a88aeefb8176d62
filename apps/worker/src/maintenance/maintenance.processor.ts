import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { QueueName, type MaintenanceJob } from '@cria/queue';
import { ReconcilerService } from './reconciler.service';
import { RetentionService } from './retention.service';

/** Periodic housekeeping. Job schedulers are upserted at boot, so every worker agrees on one schedule. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue<MaintenanceJob>,
    private readonly retention: RetentionService,
    private readonly reconciler: ReconcilerService,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Not awaited: with Redis away, boot goes on and the schedules are written once it is back.
    this.schedule().catch((error: unknown) =>
      this.logger.error({ err: error }, 'could not schedule maintenance jobs'),
    );
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
  }

  async process(job: Job<MaintenanceJob>): Promise<unknown> {
    const data = job.data;
    switch (data.kind) {
      case 'retention':
        return this.retention.run();
      case 'reconcile':
        return this.reconciler.run();
    }
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { QueueName, type MaintenanceJob } from '@cria/queue';
import { RetentionService } from './retention.service';

/** Periodic housekeeping. Job schedulers are upserted at boot, so every worker agrees on one schedule. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue<MaintenanceJob>,
    private readonly retention: RetentionService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
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
      case 'auto-close':
      case 'summarize':
        this.logger.warn(
          { jobId: job.id, kind: data.kind },
          'no handler registered for this maintenance job in this worker',
        );
        return { skipped: true };
    }
  }
}

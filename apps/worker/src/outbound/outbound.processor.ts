import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { OutboundSender } from '@cria/conversations';
import { FAST_RECOVERY, QueueName, type OutboundJob } from '@cria/queue';
import { TenantContext } from '@cria/tenancy';

/** One job per outbound message row (jobId = message id): the Graph API send. */
@Processor(QueueName.Outbound, { concurrency: 16, ...FAST_RECOVERY })
export class OutboundProcessor extends WorkerHost {
  private readonly logger = new Logger(OutboundProcessor.name);

  constructor(private readonly sender: OutboundSender) {
    super();
  }

  async process(job: Job<OutboundJob>): Promise<string> {
    return TenantContext.run({ tenantId: job.data.tenantId, jobId: job.id }, () =>
      this.sender.send(job.data),
    );
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<OutboundJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1) && error.name !== 'UnrecoverableError') return;
    this.logger.warn({ jobId: job.id, tenantId: job.data.tenantId, err: error }, 'outbound message given up');
    await this.sender.giveUp(job.data, error.message).catch(() => undefined);
  }
}

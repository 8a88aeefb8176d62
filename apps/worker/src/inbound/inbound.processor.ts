import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { InboundEventHandler } from '@cria/conversations';
import { QueueName, type InboundJob } from '@cria/queue';
import { TenantContext } from '@cria/tenancy';

/** One job per stored webhook event (jobId = event id). */
@Processor(QueueName.Inbound, { concurrency: 8 })
export class InboundProcessor extends WorkerHost {
  private readonly logger = new Logger(InboundProcessor.name);

  constructor(private readonly handler: InboundEventHandler) {
    super();
  }

  async process(job: Job<InboundJob>): Promise<string> {
    return TenantContext.run({ tenantId: job.data.tenantId, jobId: job.id }, async () => {
      const handled = await this.handler.handle(job.data);
      return handled.status;
    });
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<InboundJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
    this.logger.warn(
      { jobId: job.id, tenantId: job.data.tenantId, err: error, final },
      'inbound event failed',
    );
    await this.handler.recordFailure(job.data, error, final).catch(() => undefined);
  }
}

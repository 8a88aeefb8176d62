import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { ConversationBusyError, TurnService } from '@cria/conversations';
import { FAST_RECOVERY, QueueName, type TurnJob } from '@cria/queue';
import { TenantContext } from '@cria/tenancy';

/**
 * Bot turns. Different conversations run side by side; one conversation's turns run one at a time (a
 * Redis lock that expires if its worker dies). A short lock and stall interval mean a turn lost with a
 * killed worker is picked up again within seconds.
 */
@Processor(QueueName.Turns, { concurrency: 8, ...FAST_RECOVERY })
export class TurnProcessor extends WorkerHost {
  private readonly logger = new Logger(TurnProcessor.name);

  constructor(private readonly turns: TurnService) {
    super();
  }

  async process(job: Job<TurnJob>, token?: string): Promise<string> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return TenantContext.run(
      { tenantId: job.data.tenantId, jobId: job.id, conversationId: job.data.conversationId },
      async () => {
        try {
          return await this.turns.run(job.data, final);
        } catch (error) {
          if (error instanceof ConversationBusyError && token) {
            // Not a failure: the conversation's current turn finishes first, then this one runs.
            await job.moveToDelayed(Date.now() + 300 + Math.floor(Math.random() * 300), token);
            throw new DelayedError();
          }
          throw error;
        }
      },
    );
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<TurnJob> | undefined, error: Error): void {
    if (job)
      this.logger.warn({ jobId: job.id, tenantId: job.data.tenantId, err: error }, 'turn attempt failed');
  }
}

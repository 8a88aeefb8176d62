import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { InboundEventHandler } from '@cria/conversations';
import {
  InboxEventBus,
  FAST_RECOVERY,
  QueueName,
  enqueue,
  turnJobId,
  type InboundJob,
  type TurnJob,
} from '@cria/queue';
import { TenantContext } from '@cria/tenancy';

/** One job per stored webhook event (jobId = event id). */
@Processor(QueueName.Inbound, { concurrency: 8, ...FAST_RECOVERY })
export class InboundProcessor extends WorkerHost {
  private readonly logger = new Logger(InboundProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handler: InboundEventHandler,
    @InjectQueue(QueueName.Turns) private readonly turns: Queue<TurnJob>,
    private readonly inbox: InboxEventBus,
  ) {
    super();
  }

  async process(job: Job<InboundJob>): Promise<string> {
    return TenantContext.run({ tenantId: job.data.tenantId, jobId: job.id }, async () => {
      const handled = await this.handler.handle(job.data);
      const recorded = handled.recorded;
      if (recorded?.created) {
        const { conversation, message } = recorded;
        // Delayed by the burst window: messages that follow within it are answered together.
        await enqueue(
          this.turns,
          'turn',
          { tenantId: job.data.tenantId, conversationId: conversation.id, seq: message.seq },
          { jobId: turnJobId(conversation.id, message.seq), delay: this.config.burstWindowMs },
        );
        await this.inbox.publish(job.data.tenantId, {
          type: 'message.created',
          conversationId: conversation.id,
          messageId: message.id,
        });
      }
      // Delivery ticks in the live inbox (best effort: the inbox reloads what it shows anyway).
      for (const { conversationId, messageId } of handled.updated ?? [])
        await this.inbox
          .publish(job.data.tenantId, { type: 'message.updated', conversationId, messageId })
          .catch(() => undefined);
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

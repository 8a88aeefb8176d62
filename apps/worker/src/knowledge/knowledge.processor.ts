import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppException } from '@cria/core';
import { IngestionService, type IngestionOutcome } from '@cria/knowledge';
import { QueueName, type KnowledgeJob } from '@cria/queue';
import { TenantContext } from '@cria/tenancy';

/**
 * Document ingestion (jobId = document id; re-index jobs have their own ids). A document that cannot be
 * read fails at once with the reason on its row; other errors (the model still loading, the database
 * away) are retried with backoff, and the last failed attempt writes its reason too.
 */
@Processor(QueueName.Knowledge, { concurrency: 2, lockDuration: 60_000 })
export class KnowledgeProcessor extends WorkerHost {
  private readonly logger = new Logger(KnowledgeProcessor.name);

  constructor(private readonly ingestion: IngestionService) {
    super();
  }

  async process(job: Job<KnowledgeJob>): Promise<IngestionOutcome> {
    return TenantContext.run({ tenantId: job.data.tenantId, jobId: job.id }, async () => {
      try {
        return await this.ingestion.ingest(job.data, (progress) => job.updateProgress(progress));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const permanent = error instanceof AppException && !error.retryable;
        if (permanent || final) await this.ingestion.fail(job.data, reason);
        if (permanent) throw new UnrecoverableError(reason);
        throw error;
      }
    });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<KnowledgeJob> | undefined, error: Error): void {
    if (job)
      this.logger.warn(
        { jobId: job.id, tenantId: job.data.tenantId, documentId: job.data.documentId, err: error },
        'ingestion attempt failed',
      );
  }
}

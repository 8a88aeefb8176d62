import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { InferenceEngine } from '@cria/inference';
import { IngestionService } from '@cria/knowledge';
import { QueueName, enqueueMany, type KnowledgeJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';

/** Documents handled per start-up check (the next start, or POST /api/knowledge/reindex, does the rest). */
const BATCH = 5_000;

/**
 * Maintenance check when a worker starts: documents indexed with another embedding model (their vectors
 * are not comparable with the running model's) and documents still `queued` whose job Redis lost are
 * queued for ingestion again. Runs once the model is loaded, without holding up boot.
 */
@Injectable()
export class KnowledgeReindexCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(KnowledgeReindexCheck.name);

  constructor(
    private readonly db: TenantDb,
    private readonly inference: InferenceEngine,
    private readonly ingestion: IngestionService,
    @InjectQueue(QueueName.Knowledge) private readonly queue: Queue<KnowledgeJob>,
  ) {}

  onApplicationBootstrap(): void {
    void this.run().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'knowledge re-index check failed'),
    );
  }

  /** Queues what needs (re-)ingestion; returns how many documents. */
  async run(): Promise<number> {
    await this.inference.whenReady();
    const model = this.ingestion.embeddingModel;
    if (!model) return 0;
    const rows = await this.db.system('knowledge re-index check across tenants', (m) =>
      m.query<Array<{ id: string; tenant_id: string; stale: boolean }>>(
        `SELECT id, tenant_id, status = 'ready' AS stale FROM knowledge_documents
          WHERE (status = 'ready' AND embedding_model IS DISTINCT FROM $1)
             OR (status = 'queued' AND updated_at < now() - interval '1 minute')
          ORDER BY created_at LIMIT ${BATCH}`,
        [model],
      ),
    );
    if (rows.length === 0) return 0;
    const stamp = Date.now();
    for (let i = 0; i < rows.length; i += 500) {
      await enqueueMany(
        this.queue,
        rows.slice(i, i + 500).map((row) => ({
          name: 'ingest',
          data: { tenantId: row.tenant_id, documentId: row.id },
          opts: { jobId: row.stale ? `reindex-${row.id}-${stamp}` : row.id },
        })),
      );
    }
    this.logger.log({ documents: rows.length, model }, 'documents queued for (re-)indexing');
    return rows.length;
  }
}

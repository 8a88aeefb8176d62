import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { INFERENCE_OPTIONS, InferenceEngine, type InferenceModuleOptions } from '@cria/inference';
import type { KnowledgeJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { chunkBlocks, type Chunk } from './chunker';
import { embeddingModelId } from './embedding-model';
import { extractBlocks } from './extractors';
import { EMBED_BATCH, type DocumentFormat } from './knowledge.constants';
import { ExtractionException } from './knowledge.exceptions';
import { vectorLiteral } from './hybrid-query';

export type IngestionOutcome = 'indexed' | 'missing';

/** Progress of one ingestion: stored on the document row and passed to the caller (the job's progress). */
export interface IngestionProgress {
  stage: 'extracting' | 'chunking' | 'embedding' | 'storing' | 'done';
  progress: number;
}

const INSERT_ROWS = 400;

/**
 * Ingests a document: extract its text (by format), chunk it along its structure, embed the chunks in
 * batches with the shared inference engine, and replace the document's chunks in one transaction, so
 * search sees either the old chunks or the new ones. Progress (stage, percent) goes on the document row.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);
  private readonly modelId: string | null;

  constructor(
    private readonly db: TenantDb,
    private readonly inference: InferenceEngine,
    @Inject(INFERENCE_OPTIONS) options: InferenceModuleOptions,
  ) {
    const modelPath = options.embeddingModelPath ?? options.modelPath;
    this.modelId = modelPath ? embeddingModelId(modelPath) : null;
  }

  /** The running embedding model's identity (documents indexed with another one need re-indexing). */
  get embeddingModel(): string | null {
    return this.modelId;
  }

  async ingest(
    job: KnowledgeJob,
    report: (progress: IngestionProgress) => Promise<void> = () => Promise.resolve(),
  ): Promise<IngestionOutcome> {
    const document = await this.db.run(job.tenantId, (m) =>
      m
        .query<Array<{ tenant_id: string; format: DocumentFormat; original: Buffer }>>(
          `SELECT tenant_id, format, original FROM knowledge_documents WHERE id = $1 AND tenant_id = $2`,
          [job.documentId, job.tenantId],
        )
        .then((rows) => rows[0]),
    );
    // Deleted meanwhile (or a payload whose tenant does not own the row): nothing to do.
    if (!document || document.tenant_id !== job.tenantId) return 'missing';

    const step = async (progress: IngestionProgress) => {
      await this.setProgress(job, progress);
      await report(progress);
    };
    await step({ stage: 'extracting', progress: 5 });
    const blocks = await extractBlocks(document.format, document.original);
    await step({ stage: 'chunking', progress: 10 });
    const chunks = chunkBlocks(blocks);
    if (chunks.length === 0)
      throw new ExtractionException(
        document.format === 'pdf'
          ? 'could not read PDF: no text found (a scanned PDF has no text layer)'
          : 'no text found in the document',
      );

    await this.inference.whenReady();
    const vectors: number[][] = [];
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      const batch = chunks.slice(i, i + EMBED_BATCH);
      vectors.push(...(await this.inference.embed(batch.map((c) => c.content))));
      await step({
        stage: 'embedding',
        progress: 15 + Math.floor((75 * Math.min(i + EMBED_BATCH, chunks.length)) / chunks.length),
      });
    }
    await step({ stage: 'storing', progress: 92 });
    const stored = await this.db.run(job.tenantId, (m) => this.store(m, job, chunks, vectors));
    if (!stored) return 'missing';
    await report({ stage: 'done', progress: 100 });
    this.logger.log({ documentId: job.documentId, chunks: chunks.length }, 'document indexed');
    return 'indexed';
  }

  /** Marks the document failed with the reason the admin sees. */
  async fail(job: KnowledgeJob, reason: string): Promise<void> {
    await this.db.run(job.tenantId, (m) =>
      m.query(
        `UPDATE knowledge_documents SET status = 'failed', stage = 'failed', error = $3
          WHERE id = $1 AND tenant_id = $2`,
        [job.documentId, job.tenantId, reason.slice(0, 2_000)],
      ),
    );
  }

  private async setProgress(job: KnowledgeJob, progress: IngestionProgress): Promise<void> {
    await this.db.run(job.tenantId, (m) =>
      m.query(
        `UPDATE knowledge_documents SET status = 'processing', stage = $3, progress = $4, error = NULL
          WHERE id = $1 AND tenant_id = $2`,
        [job.documentId, job.tenantId, progress.stage, progress.progress],
      ),
    );
  }

  private async store(
    m: EntityManager,
    job: KnowledgeJob,
    chunks: Chunk[],
    vectors: number[][],
  ): Promise<boolean> {
    const [locked] = await m.query<Array<{ id: string }>>(
      `SELECT id FROM knowledge_documents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
      [job.documentId, job.tenantId],
    );
    if (!locked) return false;
    await m.query(`DELETE FROM knowledge_chunks WHERE document_id = $1 AND tenant_id = $2`, [
      job.documentId,
      job.tenantId,
    ]);
    for (let start = 0; start < chunks.length; start += INSERT_ROWS) {
      const params: unknown[] = [job.tenantId, job.documentId];
      const values = chunks.slice(start, start + INSERT_ROWS).map((chunk, offset) => {
        const vector = vectors[start + offset];
        params.push(chunk.position, chunk.heading, chunk.content, chunk.tokenCount, vector.length);
        params.push(vectorLiteral(vector));
        const n = params.length;
        return `($1, $2, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::vector)`;
      });
      await m.query(
        `INSERT INTO knowledge_chunks (tenant_id, document_id, position, heading, content, token_count, dimension, embedding)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
    await m.query(
      `UPDATE knowledge_documents
          SET status = 'ready', stage = 'done', progress = 100, error = NULL, chunk_count = $3,
              embedding_model = $4, embedding_dimension = $5, indexed_at = now()
        WHERE id = $1 AND tenant_id = $2`,
      [job.documentId, job.tenantId, chunks.length, this.modelId, vectors[0]?.length ?? null],
    );
    return true;
  }
}

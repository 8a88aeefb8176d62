import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { AssistantNotFoundException } from '@cria/assistants';
import {
  actorContext,
  decodeTimeCursor,
  isUuid,
  pageSize,
  recordAudit,
  SqlConditions,
  toPage,
  type Actor,
  type Page,
} from '@cria/auth';
import { QueueName, enqueue, enqueueMany, type KnowledgeJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { documentSource, type UploadedDocumentFile } from './document-source';
import type {
  CreateDocumentDto,
  DocumentAssistantsDto,
  DocumentListQueryDto,
  DocumentView,
} from './knowledge.dto';
import type { DocumentFormat, DocumentStatus } from './knowledge.constants';
import { DocumentNotFoundException } from './knowledge.exceptions';

interface DocumentRow {
  id: string;
  name: string;
  format: DocumentFormat;
  content_type: string;
  size_bytes: number;
  status: DocumentStatus;
  stage: string;
  progress: number;
  error: string | null;
  chunk_count: number;
  embedding_model: string | null;
  assistant_ids: string[];
  indexed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const SELECT = `
  SELECT d.id, d.name, d.format, d.content_type, d.size_bytes, d.status, d.stage, d.progress, d.error,
         d.chunk_count, d.embedding_model, d.indexed_at, d.created_at, d.updated_at, d.created_at::text AS cursor_at,
         COALESCE((SELECT array_agg(a.assistant_id::text ORDER BY a.assistant_id)
                     FROM knowledge_document_assistants a WHERE a.document_id = d.id), '{}') AS assistant_ids
    FROM knowledge_documents d`;

function view(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    error: row.error,
    chunkCount: row.chunk_count,
    embeddingModel: row.embedding_model,
    assistantIds: row.assistant_ids,
    indexedAt: row.indexed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Ingestion job id: the document id for the first ingestion, a distinct one for each re-index. */
function jobOptions(documentId: string, reindex: boolean): { jobId: string } {
  return { jobId: reindex ? `reindex-${documentId}-${Date.now()}` : documentId };
}

/**
 * Knowledge documents of a tenant through the admin API: create (stored, then ingested by a job), list,
 * read, attach to assistants, delete (chunks and vectors go with the row), re-index.
 */
@Injectable()
export class DocumentService {
  private readonly logger = new Logger(DocumentService.name);

  constructor(
    private readonly db: TenantDb,
    @InjectQueue(QueueName.Knowledge) private readonly queue: Queue<KnowledgeJob>,
  ) {}

  async create(actor: Actor, dto: CreateDocumentDto, file?: UploadedDocumentFile): Promise<DocumentView> {
    const src = documentSource(dto, file);
    const assistantIds = [...new Set(dto.assistantIds ?? [])];
    const created = await this.db.run(actorContext(actor), async (manager) => {
      await this.checkAssistants(manager, actor.tenantId, assistantIds);
      const [row] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO knowledge_documents (tenant_id, name, format, content_type, size_bytes, sha256, original, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          actor.tenantId,
          src.name,
          src.format,
          src.contentType,
          src.bytes.length,
          src.sha256,
          src.bytes,
          actor.userId,
        ],
      );
      await this.attach(manager, actor.tenantId, row.id, assistantIds);
      await recordAudit(manager, actor, {
        action: 'knowledge_document.create',
        targetType: 'knowledge_document',
        targetId: row.id,
        details: { name: src.name, format: src.format, sizeBytes: src.bytes.length, assistantIds },
      });
      return this.find(manager, actor.tenantId, row.id);
    });
    await this.enqueue(actor.tenantId, created.id, false);
    return created;
  }

  async list(actor: Actor, query: DocumentListQueryDto): Promise<Page<DocumentView>> {
    const limit = pageSize(query.limit);
    const sql = new SqlConditions()
      .tenant('d.tenant_id', actor.tenantId)
      .before('d.created_at', 'd.id', decodeTimeCursor(query.cursor));
    if (query.assistantId)
      sql.add(
        `EXISTS (SELECT 1 FROM knowledge_document_assistants a WHERE a.document_id = d.id AND a.assistant_id = ${sql.param(query.assistantId)}::uuid)`,
      );
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<DocumentRow[]>(
        `${SELECT} ${sql.where} ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit + 1}`,
        sql.params,
      ),
    );
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), view);
  }

  async get(actor: Actor, id: string): Promise<DocumentView> {
    return this.db.run(actorContext(actor), (manager) => this.find(manager, actor.tenantId, id));
  }

  /** Deletes the document; its chunks (text and vectors) and assistant links cascade with it. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.run(actorContext(actor), async (manager) => {
      const document = await this.find(manager, actor.tenantId, id, true);
      await manager.query(`DELETE FROM knowledge_documents WHERE id = $1 AND tenant_id = $2`, [
        id,
        actor.tenantId,
      ]);
      await recordAudit(manager, actor, {
        action: 'knowledge_document.delete',
        targetType: 'knowledge_document',
        targetId: id,
        details: { name: document.name, chunks: document.chunkCount },
      });
    });
  }

  /** Replaces the assistants a document is attached to. */
  async setAssistants(actor: Actor, id: string, dto: DocumentAssistantsDto): Promise<DocumentView> {
    const assistantIds = [...new Set(dto.assistantIds)];
    return this.db.run(actorContext(actor), async (manager) => {
      await this.find(manager, actor.tenantId, id, true);
      await this.checkAssistants(manager, actor.tenantId, assistantIds);
      await manager.query(
        `DELETE FROM knowledge_document_assistants WHERE document_id = $1 AND tenant_id = $2`,
        [id, actor.tenantId],
      );
      await this.attach(manager, actor.tenantId, id, assistantIds);
      await recordAudit(manager, actor, {
        action: 'knowledge_document.assistants',
        targetType: 'knowledge_document',
        targetId: id,
        details: { assistantIds },
      });
      return this.find(manager, actor.tenantId, id);
    });
  }

  /** Queues every document of the tenant for ingestion again (after an embedding model change). */
  async reindex(actor: Actor): Promise<number> {
    const ids = await this.db.run(actorContext(actor), async (manager) => {
      const rows = await manager.query<Array<{ id: string }>>(
        // (a CTE, so the result is the rows: TypeORM answers a bare UPDATE with [rows, count])
        `WITH queued AS (
           UPDATE knowledge_documents SET status = 'queued', stage = 'queued', progress = 0, error = NULL
            WHERE tenant_id = $1 RETURNING id)
         SELECT id FROM queued`,
        [actor.tenantId],
      );
      await recordAudit(manager, actor, {
        action: 'knowledge.reindex',
        targetType: 'knowledge_document',
        details: { documents: rows.length },
      });
      return rows.map((r) => r.id);
    });
    for (let i = 0; i < ids.length; i += 500) {
      const jobs = ids.slice(i, i + 500).map((documentId) => ({
        name: 'ingest',
        data: { tenantId: actor.tenantId, documentId },
        opts: jobOptions(documentId, true),
      }));
      await enqueueMany(this.queue, jobs);
    }
    return ids.length;
  }

  private async enqueue(tenantId: string, documentId: string, reindex: boolean): Promise<void> {
    await enqueue(this.queue, 'ingest', { tenantId, documentId }, jobOptions(documentId, reindex)).catch(
      (error: unknown) =>
        // The row stays `queued`: the worker's start-up check or POST /api/knowledge/reindex queues it again.
        this.logger.warn({ err: error, documentId }, 'ingestion job not enqueued'),
    );
  }

  private async find(
    manager: EntityManager,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<DocumentView> {
    if (!isUuid(id)) throw new DocumentNotFoundException(id);
    const [row] = await manager.query<DocumentRow[]>(
      `${SELECT} WHERE d.id = $1 AND d.tenant_id = $2${lock ? ' FOR UPDATE OF d' : ''}`,
      [id, tenantId],
    );
    if (!row) throw new DocumentNotFoundException(id);
    return view(row);
  }

  /** Every assistant must be a live assistant of this tenant (another tenant's answers 404 like a missing one). */
  private async checkAssistants(manager: EntityManager, tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM assistants WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
      [tenantId, ids],
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw new AssistantNotFoundException(missing);
  }

  private async attach(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    ids: string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO knowledge_document_assistants (tenant_id, document_id, assistant_id)
       SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [tenantId, documentId, ids],
    );
  }
}

import { Injectable, Logger, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InferenceEngine } from '@cria/inference';
import { TenantDb } from '@cria/tenancy';
import type { KnowledgeRetriever } from './knowledge-retriever';
import type { PassageView, SearchResultView } from './knowledge.dto';
import { hybridQuery, searchPrelude, type RetrievalQuery } from './hybrid-query';
import { DEFAULT_TOP_K, PROMPT_KNOWLEDGE_TOKENS } from './knowledge.constants';

interface PassageRow {
  chunk_id: string;
  document_id: string;
  document_name: string;
  position: number;
  heading: string | null;
  content: string;
  token_count: number;
  vector_score: number | null;
  text_score: number | null;
  score: number;
}

/**
 * Hybrid retrieval: the nearest chunks by cosine distance (pgvector, HNSW) and the best full-text matches
 * (`ts_rank` on the words of the query, any of them: `websearch_to_tsquery('simple', q)` with its ANDs
 * turned into ORs, because a customer's question rarely contains every word of the passage), fused with
 * reciprocal rank fusion (1/(60 + rank) summed over both lists). Always filtered by tenant (explicitly and
 * by RLS) and, when given, by assistant. Without an inference engine in this process (an api-only
 * process) the search is full text only, and says so.
 */
@Injectable()
export class RetrievalService implements KnowledgeRetriever {
  private readonly logger = new Logger(RetrievalService.name);

  constructor(
    private readonly db: TenantDb,
    @Optional() private readonly inference?: InferenceEngine,
  ) {}

  async search(input: RetrievalQuery): Promise<SearchResultView> {
    const vector = await this.queryVector(input.query);
    const passages = await this.db.run(input.tenantId, (manager) => this.fused(manager, input, vector));
    return { mode: vector ? 'hybrid' : 'text', passages };
  }

  async promptKnowledge(input: {
    tenantId: string;
    assistantId: string;
    query: string;
    showCitations: boolean;
  }): Promise<string | undefined> {
    const { passages } = await this.search({
      tenantId: input.tenantId,
      assistantId: input.assistantId,
      query: input.query,
      k: DEFAULT_TOP_K,
      tokenBudget: PROMPT_KNOWLEDGE_TOKENS,
    });
    if (passages.length === 0) return undefined;
    if (!input.showCitations) return passages.map((p) => p.content).join('\n\n');
    return [
      ...passages.map((p, i) => `[${i + 1}] (${p.documentName}, passage ${p.position + 1})\n${p.content}`),
      'When you use a passage, cite it as [n].',
    ].join('\n\n');
  }

  /** The query's embedding, or null when no engine runs here or it is not ready (text-only search). */
  private async queryVector(query: string): Promise<number[] | null> {
    if (!this.inference || this.inference.state.status !== 'ready') return null;
    try {
      const [vector] = await this.inference.embed([query]);
      return vector ?? null;
    } catch (error) {
      this.logger.warn({ err: error }, 'query embedding failed; full-text search only');
      return null;
    }
  }

  private async fused(
    manager: EntityManager,
    input: RetrievalQuery,
    vector: number[] | null,
  ): Promise<PassageView[]> {
    const prelude = searchPrelude(input, vector !== null);
    const [{ documents }] = await manager.query<Array<{ documents: string[] | null }>>(
      prelude.sql,
      prelude.params,
    );
    if (documents?.length === 0) return []; // an assistant without documents knows nothing
    const query = hybridQuery(input, vector, documents);
    const rows = await manager.query<PassageRow[]>(query.sql, query.params);
    const passages: PassageView[] = [];
    let tokens = 0;
    for (const row of rows) {
      if (input.tokenBudget !== undefined && tokens + row.token_count > input.tokenBudget) continue;
      tokens += row.token_count;
      passages.push({
        chunkId: row.chunk_id,
        documentId: row.document_id,
        documentName: row.document_name,
        position: row.position,
        heading: row.heading,
        content: row.content,
        tokenCount: row.token_count,
        vectorScore: row.vector_score,
        textScore: row.text_score,
        score: row.score,
      });
    }
    return passages;
  }
}

import { MAX_TOP_K, DEFAULT_TOP_K, RETRIEVAL_CANDIDATES, RRF_K } from './knowledge.constants';

export interface RetrievalQuery {
  tenantId: string;
  query: string;
  /** Only documents attached to this assistant (all of the tenant's documents when absent). */
  assistantId?: string;
  k?: number;
  /** Passages are added best first while their tokens fit. */
  tokenBudget?: number;
}

/** A vector as pgvector's text input. */
export function vectorLiteral(vector: readonly number[]): string {
  return `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;
}

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * The one statement before a search, in its transaction: the HNSW scan settings (keep scanning the graph
 * until enough rows pass the tenant filter, pgvector 0.8) when there is a vector, and the documents of the
 * assistant (`documents`: null for a search of all the tenant's documents). One round trip instead of three.
 */
export function searchPrelude(input: RetrievalQuery, withVector: boolean): SqlStatement {
  const settings = withVector
    ? `set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true), `
    : '';
  if (!input.assistantId) return { sql: `SELECT ${settings}NULL::uuid[] AS documents`, params: [] };
  return {
    sql: `SELECT ${settings}ARRAY(SELECT document_id FROM knowledge_document_assistants
            WHERE tenant_id = $1 AND assistant_id = $2::uuid) AS documents`,
    params: [input.tenantId, input.assistantId],
  };
}

/**
 * The hybrid retrieval statement: vector candidates (cosine distance, the partial HNSW index of the
 * vector's dimension) and full-text candidates (ts_rank), each ranked, fused by reciprocal rank fusion,
 * filtered by tenant and, with `documentIds` (the assistant's documents), by assistant. Without a vector,
 * full text only.
 */
export function hybridQuery(
  input: RetrievalQuery,
  vector: readonly number[] | null,
  documentIds: readonly string[] | null,
): SqlStatement {
  const k = Math.min(Math.max(input.k ?? DEFAULT_TOP_K, 1), MAX_TOP_K);
  const params: unknown[] = [input.tenantId, input.query, RETRIEVAL_CANDIDATES];
  let scope = '';
  let documentsParam = 'NULL::uuid[]';
  if (documentIds) {
    // The assistant's documents as a constant list (read first): the planner then estimates the scoped rows
    // from the statistics, instead of planning a nested loop over a subquery.
    params.push(documentIds);
    documentsParam = `$${params.length}::uuid[]`;
    scope = `AND c.document_id = ANY(${documentsParam})`;
  }
  let vectorCte = `vec AS MATERIALIZED (SELECT NULL::uuid AS id, NULL::float8 AS distance, NULL::bigint AS rank WHERE false)`;
  if (vector) {
    // The dimension is inlined (an integer from the model) so the query matches the partial HNSW index.
    const dimension = Math.trunc(vector.length);
    params.push(vectorLiteral(vector));
    const distance = `(c.embedding::vector(${dimension})) <=> $${params.length}::vector(${dimension})`;
    vectorCte = `vec AS MATERIALIZED (
      SELECT id, distance, row_number() OVER (ORDER BY distance) AS rank FROM (
        SELECT c.id, ${distance} AS distance FROM knowledge_chunks c
         WHERE c.tenant_id = $1 AND c.dimension = ${dimension} ${scope}
         ORDER BY ${distance} LIMIT $3) v)`;
  }
  // Each list is materialised on its own, then fused and cut to k before the passages are read, so the
  // final join is k primary-key lookups. The full-text candidates come from cria_knowledge_text_candidates
  // (see its migration: under RLS `@@` can never use the GIN index), which takes the tenant from the
  // transaction, as RLS does.
  const sql = `WITH ${vectorCte},
     txt AS MATERIALIZED (
       SELECT id, text_score, row_number() OVER (ORDER BY text_score DESC, id) AS rank
         FROM cria_knowledge_text_candidates($2::text, ${documentsParam}, $3::int)),
     fused AS MATERIALIZED (
       SELECT COALESCE(vec.id, txt.id) AS id, (1 - vec.distance)::float8 AS vector_score,
              txt.text_score::float8 AS text_score,
              (COALESCE(1.0 / (${RRF_K} + vec.rank), 0) + COALESCE(1.0 / (${RRF_K} + txt.rank), 0))::float8 AS score
         FROM vec FULL JOIN txt ON txt.id = vec.id
        ORDER BY score DESC, id
        LIMIT ${k})
     SELECT c.id AS chunk_id, c.document_id, d.name AS document_name, c.position, c.heading, c.content,
            c.token_count, f.vector_score, f.text_score, f.score
       FROM fused f
       JOIN knowledge_chunks c ON c.id = f.id
       JOIN knowledge_documents d ON d.id = c.document_id
      WHERE c.tenant_id = $1
      ORDER BY f.score DESC, c.document_id, c.position`;
  return { sql, params };
}

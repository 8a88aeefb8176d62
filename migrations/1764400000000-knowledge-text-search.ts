import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full-text side of knowledge retrieval as a narrow SECURITY DEFINER function.
 *
 * Under row-level security the planner must evaluate the policy before any operator that is not
 * LEAKPROOF, and `@@` is not: as cria_app, `tsv @@ query` can never be a GIN index condition, so every
 * search read and matched all of the tenant's chunks (p95 ~47 ms at 10,000 chunks a tenant). Run as the
 * owner (a superuser in the default setup, which RLS does not apply to), the same statement uses the GIN
 * index. The function enforces the isolation itself: the tenant is the caller's own transaction setting
 * (`cria_current_tenant()`, the value RLS checks), never a parameter; with none set it returns nothing.
 * An owner that is not a superuser still gets correct results (FORCE ROW LEVEL SECURITY applies to it, and
 * its rows pass the same policy), only without the index.
 */
export class KnowledgeTextSearch1764400000000 implements MigrationInterface {
  name = 'KnowledgeTextSearch1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION cria_knowledge_text_candidates(p_query text, p_documents uuid[], p_limit integer)
      RETURNS TABLE (id uuid, text_score real)
      LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
      #variable_conflict use_column
      DECLARE
        v_tenant uuid := cria_current_tenant();
        -- any of the query's words: a customer's question rarely contains every word of the passage
        v_query tsquery := NULLIF(replace(websearch_to_tsquery('simple', p_query)::text, ' & ', ' | '), '')::tsquery;
      BEGIN
        IF v_tenant IS NULL OR v_query IS NULL OR p_limit < 1 THEN
          RETURN;
        END IF;
        IF p_documents IS NULL THEN
          RETURN QUERY
          SELECT c.id, ts_rank(c.tsv, v_query) AS text_score FROM knowledge_chunks c
           WHERE c.tenant_id = v_tenant AND c.tsv @@ v_query
           ORDER BY text_score DESC, c.id LIMIT p_limit;
        ELSE
          RETURN QUERY
          SELECT c.id, ts_rank(c.tsv, v_query) AS text_score FROM knowledge_chunks c
           WHERE c.tenant_id = v_tenant AND c.document_id = ANY (p_documents) AND c.tsv @@ v_query
           ORDER BY text_score DESC, c.id LIMIT p_limit;
        END IF;
      END $$;
      REVOKE ALL ON FUNCTION cria_knowledge_text_candidates(text, uuid[], integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION cria_knowledge_text_candidates(text, uuid[], integer) TO cria_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS cria_knowledge_text_candidates(text, uuid[], integer)`);
  }
}

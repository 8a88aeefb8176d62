import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base: documents (the original kept as bytea), their assistants, and chunks with an
 * embedding and a full-text vector.
 *
 * Embedding dimension: models differ (the demo model has 128 dimensions, real embedding models 384–1536),
 * and a tenant's deployment may switch models. So `knowledge_chunks.embedding` is a `vector` without a
 * fixed dimension, each chunk records its `dimension`, and one partial expression HNSW index per common
 * dimension (`(embedding::vector(N)) vector_cosine_ops WHERE dimension = N`) serves the nearest-neighbour
 * query, which casts to the same expression. An empty partial index costs nothing. A model with a
 * dimension outside this list still works (exact scan of the tenant's chunks); add its dimension here in
 * a new migration when it is used at scale. HNSW indexes `vector` up to 2,000 dimensions.
 */
const KNOWLEDGE_INDEXED_DIMENSIONS = [64, 128, 256, 384, 512, 576, 768, 896, 1024, 1536];

const TABLES = ['knowledge_documents', 'knowledge_document_assistants', 'knowledge_chunks'];

export class Knowledge1764200000000 implements MigrationInterface {
  name = 'Knowledge1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await db.query(`
      CREATE TABLE knowledge_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        format text NOT NULL CHECK (format IN ('txt', 'md', 'html', 'pdf', 'docx', 'csv', 'faq')),
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL,
        original bytea NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
        stage text NOT NULL DEFAULT 'queued',
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        error text,
        chunk_count integer NOT NULL DEFAULT 0,
        embedding_model text,
        embedding_dimension integer,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        indexed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX knowledge_documents_tenant_recent_idx ON knowledge_documents (tenant_id, created_at DESC, id DESC);
      CREATE TRIGGER knowledge_documents_updated_at BEFORE UPDATE ON knowledge_documents
        FOR EACH ROW EXECUTE FUNCTION cria_touch_updated_at();

      CREATE TABLE knowledge_document_assistants (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
        assistant_id uuid NOT NULL REFERENCES assistants (id) ON DELETE CASCADE,
        PRIMARY KEY (document_id, assistant_id)
      );
      CREATE INDEX knowledge_document_assistants_assistant_idx
        ON knowledge_document_assistants (tenant_id, assistant_id, document_id);

      CREATE TABLE knowledge_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        heading text,
        content text NOT NULL,
        token_count integer NOT NULL CHECK (token_count >= 0),
        dimension integer NOT NULL CHECK (dimension > 0),
        embedding vector NOT NULL CHECK (vector_dims(embedding) = dimension),
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
        UNIQUE (document_id, position)
      );
      CREATE INDEX knowledge_chunks_tenant_document_idx ON knowledge_chunks (tenant_id, document_id);
      CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv);
      -- a document belongs to one tenant: tells the planner that filtering by both is not two filters
      CREATE STATISTICS knowledge_chunks_document_tenant (dependencies) ON tenant_id, document_id FROM knowledge_chunks;
    `);
    for (const dimension of KNOWLEDGE_INDEXED_DIMENSIONS) {
      await db.query(
        `CREATE INDEX knowledge_chunks_embedding_${dimension}_idx ON knowledge_chunks
           USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) WHERE dimension = ${dimension}`,
      );
    }
    for (const table of TABLES) {
      await db.query(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`,
      );
      await db.query(
        `CREATE POLICY tenant_isolation ON ${table}
           USING (tenant_id = cria_current_tenant() OR cria_rls_bypassed())
           WITH CHECK (tenant_id = cria_current_tenant() OR cria_rls_bypassed())`,
      );
      await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO cria_app`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await db.query(`DROP TABLE IF EXISTS ${table}`);
    // the extension stays: other databases objects may use it, and dropping it needs a superuser
  }
}

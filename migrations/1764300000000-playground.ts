import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin playground: chats with an assistant (draft or published), kept apart from customer conversations. */
export class Playground1764300000000 implements MigrationInterface {
  name = 'Playground1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE playground_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        assistant_id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('draft', 'published')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, assistant_id) REFERENCES assistants (tenant_id, id) ON DELETE CASCADE
      );
      CREATE TABLE playground_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        session_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL,
        tokens_in integer,
        tokens_out integer,
        ttft_ms integer,
        total_ms integer,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (tenant_id, session_id) REFERENCES playground_sessions (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX playground_messages_session_idx ON playground_messages (session_id, created_at);
    `);
    for (const table of ['playground_sessions', 'playground_messages']) {
      await db.query(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`,
      );
      await db.query(
        `CREATE POLICY tenant_isolation ON ${table}
           USING (tenant_id = cria_current_tenant() OR cria_rls_bypassed())
           WITH CHECK (tenant_id = cria_current_tenant() OR cria_rls_bypassed())`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS playground_messages, playground_sessions`);
  }
}

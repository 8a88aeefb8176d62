import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole data model of shared/ARCHITECTURE.md (knowledge tables come with the knowledge base).
 *
 * Tenancy: every tenant table has `tenant_id` and a row-level security policy that shows a row only when
 * the transaction's `app.tenant_id` setting matches it (or `app.bypass_rls = 'on'`, which only the
 * explicit system paths set: webhook routing, authentication lookups, the reconciler). The application
 * connects with the role `cria_app`, which is subject to RLS; migrations run as the database owner.
 */
const TENANT_TABLES = [
  'memberships',
  'invitations',
  'refresh_tokens',
  'api_keys',
  'audit_log',
  'assistants',
  'assistant_versions',
  'channels',
  'contacts',
  'conversations',
  'messages',
  'usage_daily',
];

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cria_app') THEN
          CREATE ROLE cria_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
        -- a non-superuser owner must be a member to switch to the role at connection time
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT cria_app TO %I', current_user);
        END IF;
      END $$`);

    await db.query(`
      CREATE FUNCTION cria_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
        $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
      CREATE FUNCTION cria_rls_bypassed() RETURNS boolean LANGUAGE sql STABLE AS
        $$ SELECT coalesce(current_setting('app.bypass_rls', true), '') = 'on' $$;
      CREATE FUNCTION cria_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
    `);

    await db.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        settings jsonb NOT NULL DEFAULT '{}',
        daily_message_quota integer CHECK (daily_message_quota >= 0),
        daily_token_quota integer CHECK (daily_token_quota >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 320),
        password_hash text NOT NULL,
        name text,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (email);

      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, user_id)
      );
      CREATE INDEX memberships_user_idx ON memberships (user_id);

      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX invitations_tenant_idx ON invitations (tenant_id, created_at DESC);

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        ip text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_expiry_idx ON refresh_tokens (expires_at);

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        scopes text[] NOT NULL DEFAULT '{}',
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        last_used_at timestamptz,
        last_used_ip text,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at DESC);

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        actor_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        ip text,
        user_agent text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at DESC);

      CREATE TABLE assistants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        draft jsonb NOT NULL,
        published_version integer,
        draft_changed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        UNIQUE (tenant_id, id)
      );
      CREATE INDEX assistants_tenant_idx ON assistants (tenant_id, created_at DESC) WHERE deleted_at IS NULL;

      CREATE TABLE assistant_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        assistant_id uuid NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        config jsonb NOT NULL,
        published_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (assistant_id, version),
        FOREIGN KEY (tenant_id, assistant_id) REFERENCES assistants (tenant_id, id) ON DELETE CASCADE
      );

      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        assistant_id uuid,
        type text NOT NULL CHECK (type IN ('whatsapp', 'messenger', 'instagram')),
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 64),
        name text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reauth', 'disabled')),
        credentials text NOT NULL,
        verify_token text NOT NULL,
        own_app boolean NOT NULL DEFAULT false,
        settings jsonb NOT NULL DEFAULT '{}',
        last_error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, assistant_id) REFERENCES assistants (tenant_id, id)
      );
      -- one phone number / page / Instagram account routes to exactly one channel
      CREATE UNIQUE INDEX channels_external_key ON channels (type, external_id);

      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        channel_id uuid NOT NULL,
        external_id text NOT NULL,
        name text,
        opted_out_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        UNIQUE (channel_id, external_id),
        FOREIGN KEY (tenant_id, channel_id) REFERENCES channels (tenant_id, id) ON DELETE CASCADE
      );

      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        channel_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        assistant_id uuid,
        state text NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'human', 'closed')),
        assignee_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        last_message_at timestamptz NOT NULL DEFAULT now(),
        last_inbound_at timestamptz,
        window_expires_at timestamptz,
        summary text,
        summary_until timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, channel_id) REFERENCES channels (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX conversations_tenant_recent_idx ON conversations (tenant_id, last_message_at DESC);
      CREATE INDEX conversations_tenant_state_idx ON conversations (tenant_id, state, last_message_at DESC);
      -- at most one open conversation per contact: the next message finds it
      CREATE UNIQUE INDEX conversations_open_per_contact ON conversations (contact_id) WHERE state <> 'closed';

      CREATE TABLE inbound_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
        channel_id uuid REFERENCES channels (id) ON DELETE SET NULL,
        channel_type text NOT NULL CHECK (channel_type IN ('whatsapp', 'messenger', 'instagram')),
        provider_event_id text NOT NULL,
        kind text NOT NULL,
        routing_key text,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'processing', 'processed', 'failed', 'unroutable', 'ignored', 'unmatched')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        event jsonb NOT NULL,
        raw jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      );
      -- Meta redelivers: the provider's id makes a second delivery a no-op
      CREATE UNIQUE INDEX inbound_events_provider_key ON inbound_events (channel_type, provider_event_id);
      -- what the reconciler scans
      CREATE INDEX inbound_events_pending_idx ON inbound_events (received_at) WHERE status IN ('pending', 'processing');

      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        channel_id uuid NOT NULL,
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        role text NOT NULL CHECK (role IN ('user', 'assistant', 'agent', 'system')),
        type text NOT NULL DEFAULT 'text',
        content text NOT NULL DEFAULT '',
        payload jsonb NOT NULL DEFAULT '{}',
        provider_message_id text,
        status text NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'window_closed', 'skipped')),
        error_code text,
        error_title text,
        idempotency_key text,
        inbound_event_id uuid REFERENCES inbound_events (id) ON DELETE SET NULL,
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        tokens_in integer,
        tokens_out integer,
        latency_ms integer,
        guardrails jsonb,
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, channel_id) REFERENCES channels (tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX messages_conversation_time_idx ON messages (conversation_id, created_at, id);
      CREATE UNIQUE INDEX messages_provider_id_key ON messages (channel_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
      CREATE UNIQUE INDEX messages_idempotency_key ON messages (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX messages_search_idx ON messages USING gin (search);
      CREATE INDEX messages_tenant_time_idx ON messages (tenant_id, created_at DESC);

      CREATE TABLE usage_daily (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        day date NOT NULL,
        channel_id uuid REFERENCES channels (id) ON DELETE SET NULL,
        messages_in integer NOT NULL DEFAULT 0,
        messages_out integer NOT NULL DEFAULT 0,
        tokens_in bigint NOT NULL DEFAULT 0,
        tokens_out bigint NOT NULL DEFAULT 0,
        inference_ms bigint NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX usage_daily_key
        ON usage_daily (tenant_id, day, coalesce(channel_id, '00000000-0000-0000-0000-000000000000'::uuid));
    `);

    for (const table of [
      'tenants',
      'users',
      'memberships',
      'assistants',
      'channels',
      'contacts',
      'conversations',
      'messages',
    ]) {
      await db.query(
        `CREATE TRIGGER ${table}_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION cria_touch_updated_at()`,
      );
    }

    // Row-level security: the backstop behind every tenant filter in the code.
    for (const table of TENANT_TABLES) {
      await db.query(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`,
      );
      await db.query(
        `CREATE POLICY tenant_isolation ON ${table}
           USING (tenant_id = cria_current_tenant() OR cria_rls_bypassed())
           WITH CHECK (tenant_id = cria_current_tenant() OR cria_rls_bypassed())`,
      );
    }
    await db.query(`
      ALTER TABLE tenants ENABLE ROW LEVEL SECURITY; ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON tenants
        USING (id = cria_current_tenant() OR cria_rls_bypassed())
        WITH CHECK (id = cria_current_tenant() OR cria_rls_bypassed());
      -- a user may list their own memberships across tenants (to choose one at login)
      CREATE POLICY own_memberships ON memberships FOR SELECT
        USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
      ALTER TABLE inbound_events ENABLE ROW LEVEL SECURITY; ALTER TABLE inbound_events FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON inbound_events
        USING (tenant_id = cria_current_tenant() OR cria_rls_bypassed())
        WITH CHECK (tenant_id = cria_current_tenant() OR cria_rls_bypassed());
    `);

    await db.query(`
      GRANT USAGE ON SCHEMA public TO cria_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cria_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cria_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO cria_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cria_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cria_app;
      REVOKE ALL ON migrations FROM cria_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE IF EXISTS usage_daily, messages, inbound_events, conversations, contacts, channels,
        assistant_versions, assistants, audit_log, api_keys, refresh_tokens, invitations, memberships, users, tenants CASCADE;
      DROP FUNCTION IF EXISTS cria_touch_updated_at(), cria_rls_bypassed(), cria_current_tenant();
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM cria_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM cria_app;
      REVOKE ALL ON SCHEMA public FROM cria_app;
    `);
    // The role is cluster-wide and may serve other databases (each test database, say): it stays.
  }
}

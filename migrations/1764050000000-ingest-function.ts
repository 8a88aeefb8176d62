import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook hot path in one round trip: route each event to its channel by (type, external id) and store
 * it, unique on the provider's id, in a single statement. SECURITY DEFINER because routing must see every
 * tenant's channels (the caller is cria_app, under RLS); the function is narrow and does nothing else.
 */
export class IngestFunction1764050000000 implements MigrationInterface {
  name = 'IngestFunction1764050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION cria_ingest_events(
        p_types text[], p_only_channels uuid[], p_routing_keys text[], p_event_ids text[], p_kinds text[],
        p_actionable boolean[], p_events jsonb[], p_raw jsonb[]
      ) RETURNS TABLE (id uuid, channel_type text, provider_event_id text, tenant_id uuid, channel_id uuid, status text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      #variable_conflict use_column
      BEGIN
        -- an owner that is not a superuser is still subject to FORCE ROW LEVEL SECURITY
        PERFORM set_config('app.bypass_rls', 'on', true);
        RETURN QUERY
        INSERT INTO inbound_events AS e (tenant_id, channel_id, channel_type, provider_event_id, kind, routing_key, status, event, raw)
        SELECT c.tenant_id, c.id, t.channel_type, t.event_id, t.kind, t.routing_key,
               CASE WHEN c.id IS NULL THEN 'unroutable' WHEN t.actionable THEN 'pending' ELSE 'ignored' END,
               t.event, t.raw
          FROM unnest(p_types, p_only_channels, p_routing_keys, p_event_ids, p_kinds, p_actionable, p_events, p_raw)
               AS t(channel_type, only_channel, routing_key, event_id, kind, actionable, event, raw)
          LEFT JOIN channels c
            ON c.type = t.channel_type AND c.external_id = t.routing_key AND c.status <> 'disabled'
           AND (t.only_channel IS NULL OR c.id = t.only_channel)
        ON CONFLICT (channel_type, provider_event_id) DO NOTHING
        RETURNING e.id, e.channel_type, e.provider_event_id, e.tenant_id, e.channel_id, e.status;
        PERFORM set_config('app.bypass_rls', '', true);
      END $$;
      REVOKE ALL ON FUNCTION cria_ingest_events(text[], uuid[], text[], text[], text[], boolean[], jsonb[], jsonb[]) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION cria_ingest_events(text[], uuid[], text[], text[], text[], boolean[], jsonb[], jsonb[]) TO cria_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP FUNCTION IF EXISTS cria_ingest_events(text[], uuid[], text[], text[], text[], boolean[], jsonb[], jsonb[])`,
    );
  }
}

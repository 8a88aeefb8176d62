import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from 'pg';
import { ownerQuery } from '@cria/testing';
import { createTestEnv, type TestEnv } from '../support/test-env';

let env: TestEnv;
let tenantA: string;
let tenantB: string;

/** Connects exactly as the application does: the cria_app role, subject to row-level security. */
async function asApp<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.db.url, options: '-c role=cria_app' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

before(async () => {
  env = await createTestEnv();
  const rows = await ownerQuery<{ id: string }>(
    env.db.url,
    `INSERT INTO tenants (name) VALUES ('A'), ('B') RETURNING id`,
  );
  [tenantA, tenantB] = rows.map((r) => r.id);
  for (const tenant of [tenantA, tenantB]) {
    await ownerQuery(env.db.url, `INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'bot', '{}')`, [
      tenant,
    ]);
  }
});

after(() => env.cleanup());

test('the application role is not a superuser and cannot bypass RLS', async () => {
  const [role] = await asApp(
    async (c) =>
      (
        await c.query<Record<string, unknown>>(
          `SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
        )
      ).rows,
  );
  assert.deepEqual(role, { current_user: 'cria_app', rolsuper: false, rolbypassrls: false });
});

test('a query on a tenant table with no tenant set returns no rows', async () => {
  const counts = await asApp(async (c) => {
    const out: Record<string, number> = {};
    for (const table of ['tenants', 'assistants', 'memberships', 'channels', 'messages', 'inbound_events']) {
      out[table] = Number((await c.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    }
    return out;
  });
  assert.deepEqual(counts, {
    tenants: 0,
    assistants: 0,
    memberships: 0,
    channels: 0,
    messages: 0,
    inbound_events: 0,
  });
});

test('with a tenant set, only that tenant’s rows are visible, and only in that transaction', async () => {
  await asApp(async (c) => {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
    const { rows } = await c.query<{ tenant_id: string }>(`SELECT tenant_id FROM assistants`);
    assert.deepEqual(
      rows.map((r) => r.tenant_id),
      [tenantA],
    );
    await c.query('COMMIT');
    // the setting was transaction-local: the pooled connection carries nothing into the next unit of work
    assert.equal(Number((await c.query(`SELECT count(*) FROM assistants`)).rows[0].count), 0);
  });
});

test('writing a row for another tenant is refused', async () => {
  await asApp(async (c) => {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA]);
    await assert.rejects(
      c.query(`INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'intruder', '{}')`, [tenantB]),
      /row-level security/,
    );
    await c.query('ROLLBACK');
  });
  const rows = await ownerQuery(env.db.url, `SELECT 1 FROM assistants WHERE name = 'intruder'`);
  assert.equal(rows.length, 0);
});

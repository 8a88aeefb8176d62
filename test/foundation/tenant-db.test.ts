import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import { databaseOptions } from '@cria/database';
import { TenantDb } from '@cria/tenancy';
import { ownerQuery } from '@cria/testing';
import { createTestEnv, type TestEnv } from '../support/test-env';

let env: TestEnv;
let dataSource: DataSource;
let db: TenantDb;
let tenantA: string;
let tenantB: string;

before(async () => {
  env = await createTestEnv();
  // One connection: whatever a unit of work leaves behind, the next one gets.
  dataSource = new DataSource(databaseOptions({ databaseUrl: env.db.url, poolSize: 1 }));
  await dataSource.initialize();
  db = new TenantDb(dataSource);
  [tenantA, tenantB] = (
    await ownerQuery<{ id: string }>(
      env.db.url,
      `INSERT INTO tenants (name) VALUES ('A'), ('B') RETURNING id`,
    )
  ).map((r) => r.id);
});

after(async () => {
  await dataSource.destroy();
  await env.cleanup();
});

const assistants = (tenant: string) =>
  db.run(tenant, async (m) =>
    (await m.query<Array<{ name: string }>>(`SELECT name FROM assistants`)).map((r) => r.name),
  );

test('a unit of work sees its tenant only, and the setting ends with it', async () => {
  await db.run(tenantA, (m) =>
    m.query(`INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'a-bot', '{}')`, [tenantA]),
  );
  assert.deepEqual(await assistants(tenantA), ['a-bot']);
  assert.deepEqual(await assistants(tenantB), []);
  // The same pooled connection, outside any unit of work: no tenant, no rows.
  assert.deepEqual(await dataSource.query(`SELECT name FROM assistants`), []);
  assert.deepEqual(await dataSource.query(`SELECT current_setting('app.tenant_id', true) AS t`), [{ t: '' }]);
});

test('a failed unit of work leaves nothing behind and its connection usable', async () => {
  await assert.rejects(
    db.run(tenantA, async (m) => {
      await m.query(`INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'rolled-back', '{}')`, [
        tenantA,
      ]);
      await m.query(`SELECT 1/0`);
    }),
    /division by zero/,
  );
  await assert.rejects(
    db.run('not-a-uuid', () => Promise.resolve()),
    /Invalid tenant id/,
  );
  assert.deepEqual(await assistants(tenantA), ['a-bot']);
});

test('a nested transaction is a savepoint of the unit of work', async () => {
  await db.run(tenantA, async (m) => {
    await m.query(`INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'outer', '{}')`, [tenantA]);
    await assert.rejects(
      m.transaction(async (inner) => {
        await inner.query(`INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, 'inner', '{}')`, [
          tenantA,
        ]);
        throw new Error('inner failed');
      }),
      /inner failed/,
    );
  });
  assert.deepEqual((await assistants(tenantA)).sort(), ['a-bot', 'outer']);
});

test('one statement as a tenant: values of every kind arrive intact, the tenant sees only its rows, the setting ends with it', async () => {
  const tricky = `it's a "quote", a back\\slash \\' and ☕ $1 ); DROP TABLE assistants; --`;
  const insert = `INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, $2, $3::jsonb)
                  RETURNING name, draft, $4::text[] AS list, $5::int AS n, $6::boolean AS flag, $7::timestamptz AS at, $8::text AS nothing`;
  const at = new Date('2026-11-24T10:00:00.123Z');
  const [row] = await db.statement<Record<string, unknown>>(tenantA, 'cria_test_insert', insert, [
    tenantA,
    tricky,
    { text: tricky, nested: [1, null, 'x'] },
    ['plain', 'with "quotes"', 'back\\slash', null, '{braces},commas'],
    42,
    true,
    at,
    null,
  ]);
  assert.deepEqual(row, {
    name: tricky,
    draft: { text: tricky, nested: [1, null, 'x'] },
    list: ['plain', 'with "quotes"', 'back\\slash', null, '{braces},commas'],
    n: 42,
    flag: true,
    at,
    nothing: null,
  });
  const names = `SELECT name FROM assistants WHERE name = $1`;
  assert.equal((await db.statement(tenantA, 'cria_test_names', names, [tricky])).length, 1);
  assert.equal((await db.statement(tenantB, 'cria_test_names', names, [tricky])).length, 0);
  // the pool's one connection, right after: no tenant, no rows
  assert.deepEqual(await dataSource.query(`SELECT current_setting('app.tenant_id', true) AS t`), [{ t: '' }]);
  assert.deepEqual(await dataSource.query(`SELECT name FROM assistants WHERE name = $1`, [tricky]), []);
});

test('a failed statement leaves nothing behind and its connection usable; a name stands for one text', async () => {
  const insert = `INSERT INTO assistants (tenant_id, name, draft) VALUES ($1, $2, '{}') RETURNING 1 / $3::int AS x`;
  await assert.rejects(
    db.statement(tenantA, 'cria_test_failing', insert, [tenantA, 'never-stored', 0]),
    /division by zero/,
  );
  assert.ok(!(await assistants(tenantA)).includes('never-stored'));
  assert.deepEqual(await db.statement(tenantA, 'cria_test_failing', insert, [tenantA, 'stored', 1]), [
    { x: 1 },
  ]);
  await assert.rejects(
    db.statement(tenantA, 'cria_test_failing', `SELECT 1`, []),
    /already stands for another text/,
  );
  await assert.rejects(db.statement('not-a-uuid', 'cria_test_names', `SELECT 1`, []), /Invalid tenant id/);
});

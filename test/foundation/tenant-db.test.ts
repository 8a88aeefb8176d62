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

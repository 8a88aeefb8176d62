import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from 'pg';
import { ownerQuery } from '@cria/testing';
import { createTestEnv, type TestEnv } from '../support/test-env';

let env: TestEnv;
let tenantA: string;
let tenantB: string;

before(async () => {
  env = await createTestEnv();
  [tenantA, tenantB] = await Promise.all(
    ['A', 'B'].map(
      async (name) =>
        (
          await ownerQuery<{ id: string }>(
            env.db.url,
            `INSERT INTO tenants (name) VALUES ($1) RETURNING id`,
            [name],
          )
        )[0].id,
    ),
  );
  const [document] = await ownerQuery<{ id: string }>(
    env.db.url,
    `INSERT INTO knowledge_documents (tenant_id, name, format, content_type, size_bytes, sha256, original)
     VALUES ($1, 'doc', 'txt', 'text/plain', 4, 'x', 'text') RETURNING id`,
    [tenantA],
  );
  await ownerQuery(
    env.db.url,
    `INSERT INTO knowledge_chunks (tenant_id, document_id, position, content, token_count, dimension, embedding)
     VALUES ($1, $2, 0, 'secret passage', 4, 3, '[1,0,0]')`,
    [tenantA, document.id],
  );
});
after(() => env.cleanup());

/** Runs queries as the application role (subject to RLS) with `tenant` set for the transaction. */
async function asTenant<T>(tenant: string | null, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.db.url, options: '-c role=cria_app' });
  await client.connect();
  try {
    await client.query('BEGIN');
    if (tenant) await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    return await work(client);
  } finally {
    await client.query('ROLLBACK');
    await client.end();
  }
}

test('knowledge tables are guarded by row-level security', async () => {
  for (const tenant of [null, tenantB]) {
    const rows = await asTenant(tenant, async (c) => ({
      documents: (await c.query(`SELECT id FROM knowledge_documents`)).rowCount,
      chunks: (await c.query(`SELECT id FROM knowledge_chunks ORDER BY embedding <=> '[1,0,0]' LIMIT 5`))
        .rowCount,
    }));
    assert.deepEqual(rows, { documents: 0, chunks: 0 }, `tenant ${tenant ?? 'none'}`);
  }
  const own = await asTenant(
    tenantA,
    async (c) => (await c.query<{ content: string }>(`SELECT content FROM knowledge_chunks`)).rows,
  );
  assert.deepEqual(own, [{ content: 'secret passage' }]);
  await assert.rejects(
    asTenant(tenantB, (c) =>
      c.query(
        `INSERT INTO knowledge_documents (tenant_id, name, format, content_type, size_bytes, sha256, original)
         VALUES ($1, 'intruder', 'txt', 'text/plain', 1, 'x', 'x')`,
        [tenantA],
      ),
    ),
    /row-level security/,
  );
});

test('the full-text search function sees only the tenant of the transaction', async () => {
  const [{ id: documentId }] = await ownerQuery<{ id: string }>(
    env.db.url,
    `SELECT id FROM knowledge_documents WHERE tenant_id = $1`,
    [tenantA],
  );
  const search = (tenant: string | null, documents: string[] | null) =>
    asTenant(tenant, async (c) =>
      (
        await c.query<{ id: string }>(`SELECT id FROM cria_knowledge_text_candidates($1, $2::uuid[], 10)`, [
          'secret passage',
          documents,
        ])
      ).rows.map((r) => r.id),
    );
  // It runs as the owner, past RLS: the tenant filter is its own, from the caller's transaction.
  assert.equal((await search(tenantA, null)).length, 1);
  assert.equal((await search(tenantA, [documentId])).length, 1);
  for (const tenant of [null, tenantB]) {
    assert.deepEqual(await search(tenant, null), [], `tenant ${tenant ?? 'none'}`);
    assert.deepEqual(await search(tenant, [documentId]), [], `tenant ${tenant ?? 'none'}, A's document`);
  }
});

test('a chunk whose vector does not have its declared dimension is refused', async () => {
  await assert.rejects(
    ownerQuery(
      env.db.url,
      `INSERT INTO knowledge_chunks (tenant_id, document_id, position, content, token_count, dimension, embedding)
       SELECT tenant_id, id, 1, 'x', 1, 4, '[1,0,0]' FROM knowledge_documents LIMIT 1`,
    ),
    /check constraint/,
  );
});

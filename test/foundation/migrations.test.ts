import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client } from 'pg';
import { ownerQuery, serverUrl } from '@cria/testing';

const name = `cria_test_${Date.now().toString(36)}_mig`;
const url = serverUrl(name);

function migrate(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--require', './scripts/register.js', 'scripts/migrate.ts', ...args],
    {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

const tables = async () =>
  (
    await ownerQuery<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`,
    )
  ).map((r) => r.tablename);

before(async () => {
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.end();
});

after(async () => {
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

test('migration:run creates the database and the whole data model; revert to zero and up again', async () => {
  assert.match(migrate('run'), /Applied: /);
  const created = await tables();
  for (const table of [
    'tenants',
    'users',
    'memberships',
    'refresh_tokens',
    'api_keys',
    'audit_log',
    'assistants',
    'assistant_versions',
    'channels',
    'contacts',
    'conversations',
    'messages',
    'inbound_events',
    'usage_daily',
  ]) {
    assert.ok(created.includes(table), `${table} exists`);
  }
  assert.match(migrate('run'), /up to date/);

  assert.match(migrate('revert', '--all'), /Reverted \d+ migration/);
  assert.deepEqual(await tables(), []);
  assert.match(migrate('revert'), /No migration to revert/);

  migrate('run');
  assert.deepEqual(await tables(), created);
});

test('hot paths have their indexes', async () => {
  const indexes = (
    await ownerQuery<{ indexdef: string }>(url, `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`)
  ).map((r) => r.indexdef);
  const has = (pattern: RegExp) =>
    assert.ok(
      indexes.some((d) => pattern.test(d)),
      `index matching ${pattern}`,
    );
  has(/ON public\.messages USING btree \(conversation_id, created_at/);
  has(/UNIQUE INDEX .* ON public\.messages USING btree \(channel_id, provider_message_id\)/);
  has(/UNIQUE INDEX .* ON public\.inbound_events USING btree \(channel_type, provider_event_id\)/);
  has(/UNIQUE INDEX .* ON public\.channels USING btree \(type, external_id\)/);
});

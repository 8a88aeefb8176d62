import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@cria/database';
import { TEMPLATE_DATABASE, dropStaleTestDatabases, serverUrl } from '@cria/testing';

/**
 * Migrates the template database that every test file clones. Skipped when the migrations have not changed
 * since the template was built (their hash is kept as the database's comment).
 */
async function main(): Promise<void> {
  const dir = path.resolve(__dirname, '..', 'migrations');
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(dir).sort())
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  const digest = hash.digest('hex').slice(0, 16);

  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [TEMPLATE_DATABASE],
    );
    const stale = await dropStaleTestDatabases();
    if (stale) console.log(`dropped ${stale} test database(s) left by interrupted runs`);
    if (rows[0]?.comment === `migrations ${digest}`) return;
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    await runMigrations(serverUrl(TEMPLATE_DATABASE));
    await admin.query(`COMMENT ON DATABASE "${TEMPLATE_DATABASE}" IS 'migrations ${digest}'`);
    console.log(`test template database migrated (${digest})`);
  } finally {
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(
    `could not prepare the test database: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The migrated database each test file's database is cloned from (prepared once per test run). */
export const TEMPLATE_DATABASE = 'cria_test_template';

export function serverUrl(
  database: string,
  base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database with the real migrations applied, cloned from the template in well under a second.
 * Each test file gets its own, so files run in parallel without sharing rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cria_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
        return;
      } catch (error) {
        // Another file's clone holds the template for a moment: try again shortly.
        if (attempt < 40 && /being accessed by other users/.test((error as Error).message)) {
          await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
          continue;
        }
        throw error;
      }
    }
  });
  return {
    name,
    url: serverUrl(name),
    drop: () =>
      withAdmin(
        async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
      ),
  };
}

/** Drops test databases left behind by runs that were killed (older than an hour). */
export async function dropStaleTestDatabases(): Promise<number> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'cria\\_test\\_%' AND datname <> $1`,
      [TEMPLATE_DATABASE],
    );
    const hourAgo = Date.now() - 3_600_000;
    let dropped = 0;
    for (const { datname } of rows) {
      const created = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(created) && created < hourAgo) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
        dropped += 1;
      }
    }
    return dropped;
  });
}

/** A superuser connection to a test database, for assertions that must look past RLS. */
export async function ownerQuery<T extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

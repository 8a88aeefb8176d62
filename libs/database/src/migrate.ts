import { DataSource } from 'typeorm';
import { databaseOptions } from './data-source.options';

/** Creates the database named in the URL when it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString() });
  await admin.initialize();
  try {
    const found = await admin.query<unknown[]>('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.length === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.destroy();
  }
}

export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(databaseOptions({ databaseUrl, asOwner: true }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export async function revertLastMigration(databaseUrl: string): Promise<boolean> {
  const dataSource = new DataSource(databaseOptions({ databaseUrl, asOwner: true }));
  await dataSource.initialize();
  try {
    const [{ table }] = await dataSource.query<Array<{ table: string | null }>>(
      `SELECT to_regclass('migrations')::text AS table`,
    );
    if (!table) return false;
    const [{ n }] = await dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM migrations`);
    if (n === 0) return false;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return true;
  } finally {
    await dataSource.destroy();
  }
}

import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * A hot-path statement as a named prepared statement on the transaction's connection: Postgres parses and
 * plans it once per connection instead of on every call. Worth it for statements whose planning costs more
 * than their execution (many joins, each with its row-level-security policy: the conversation engine's
 * snapshot planned in ~4 ms and ran in ~1.5 ms). `name` must stand for one text only. Outside a
 * transaction's query runner it is an ordinary query.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const connection = (manager.queryRunner as { databaseConnection?: PoolClient } | undefined)
    ?.databaseConnection;
  if (!connection) return manager.query<T[]>(text, values);
  const result = await connection.query<T & Record<string, unknown>>({ name, text, values });
  return result.rows;
}

/** The statements each pooled connection has prepared (by SQL PREPARE), name → text. */
const preparedOn = new WeakMap<PoolClient, Map<string, string>>();
const STATEMENT_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Runs `prelude` (statements without parameters, e.g. a transaction-local set_config) and then the named
 * prepared statement as one simple query: one round trip, and one implicit transaction (Postgres runs the
 * statements of one simple query as a single transaction, so a setting made with `is_local` holds for the
 * statement and for nothing after it). The statement is prepared (SQL PREPARE) on the first use on each
 * connection, so it keeps its plan. Values travel as escaped literals, typed by the statement's parameters.
 */
export async function executePrepared<T>(
  client: PoolClient,
  prelude: string,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (!STATEMENT_NAME.test(name)) throw new Error(`Invalid prepared statement name "${name}"`);
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Map<string, string>()));
  const known = prepared.get(name);
  if (known === undefined) {
    await client.query(`PREPARE ${name} AS ${text}`);
    prepared.set(name, text);
  } else if (known !== text) {
    throw new Error(`Prepared statement "${name}" already stands for another text`);
  }
  const args = values.map((value) => sqlLiteral(client, value));
  const results = (await client.query(
    `${prelude}; EXECUTE ${name}${args.length ? `(${args.join(', ')})` : ''}`,
  )) as unknown as Array<{ rows: T[] }>;
  return results[results.length - 1].rows;
}

/** A value as a quoted SQL literal (the prepared statement's parameter type gives it its type). */
function sqlLiteral(client: PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return client.escapeLiteral(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} as a statement parameter`);
    return `'${value}'`;
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return `'${String(value)}'`;
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return client.escapeLiteral(arrayLiteral(value));
  if (Buffer.isBuffer(value)) throw new Error('Binary statement parameters are not supported here');
  return client.escapeLiteral(JSON.stringify(value));
}

/** A Postgres array literal (`{"a","b",NULL}`) of scalar elements. */
function arrayLiteral(values: unknown[]): string {
  const elements = values.map((element) => {
    if (element === null || element === undefined) return 'NULL';
    if (Array.isArray(element)) return arrayLiteral(element);
    const text =
      typeof element === 'string'
        ? element
        : element instanceof Date
          ? element.toISOString()
          : JSON.stringify(element); // numbers and booleans print as themselves, objects as JSON
    return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${elements.join(',')}}`;
}

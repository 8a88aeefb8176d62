import type { PoolClient } from 'pg';
import { prepareValue } from 'pg/lib/utils';
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

/** A value as a quoted SQL literal, serialized by pg exactly as for a bound parameter (typed by the statement). */
function sqlLiteral(client: PoolClient, value: unknown): string {
  const text = prepareValue(value);
  if (text === null) return 'NULL';
  if (typeof text !== 'string') throw new Error('Binary statement parameters are not supported here');
  return client.escapeLiteral(text);
}

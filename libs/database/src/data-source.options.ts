import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';

/** The role every application connection switches to at connect time: subject to row-level security. */
export const APP_DB_ROLE = 'cria_app';

/** Repository root, from this file's place in the source tree or in dist/. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface DatabaseOptionsInput {
  databaseUrl: string;
  /** Application connections run as APP_DB_ROLE (RLS applies); migrations run as the owner. */
  asOwner?: boolean;
  poolSize?: number;
}

/**
 * One definition of the connection for the app, the worker, the TypeORM CLI and tests. Never
 * `synchronize`: the schema changes only through migrations/.
 */
export function databaseOptions(input: DatabaseOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.databaseUrl,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    migrations: [path.join(ROOT, 'migrations', '*.{ts,js}')],
    entities: [path.join(ROOT, 'libs', '*', 'src', '**', '*.entity.{ts,js}')],
    extra: {
      max: input.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // Sets the role in the startup packet, so no query on any pooled connection runs without RLS.
      ...(input.asOwner ? {} : { options: `-c role=${APP_DB_ROLE}` }),
      application_name: input.asOwner ? 'cria-migrations' : 'cria',
    },
  };
}

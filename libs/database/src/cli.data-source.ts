import { DataSource } from 'typeorm';
import { loadConfig } from '@cria/core';
import { databaseOptions } from './data-source.options';

/** The DataSource the TypeORM CLI uses (migration:generate/run/revert): the owner connection. */
export default new DataSource(databaseOptions({ databaseUrl: loadConfig().databaseUrl, asOwner: true }));

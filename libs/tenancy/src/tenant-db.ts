import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { executePrepared } from '@cria/database';
import { TenantContext, type TenantContextValue } from './tenant-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs a unit of work in one transaction with the row-level-security settings applied. The setting is
 * transaction-local (`set_config(…, true)`), so a pooled connection never carries one tenant's setting
 * into another's work, and a query outside these helpers sees no tenant rows at all.
 */
@Injectable()
export class TenantDb {
  private readonly logger = new Logger(TenantDb.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Work for one tenant: RLS shows only that tenant's rows. `durable: false` commits without waiting for
   * the WAL flush (synchronous_commit off for this transaction only): for work whose loss in a Postgres
   * crash is repaired by running it again from what is durable, and only then (see its callers).
   */
  async run<T>(
    tenant: string | TenantContextValue,
    work: (manager: EntityManager) => Promise<T>,
    options: { durable?: boolean } = {},
  ): Promise<T> {
    const context = typeof tenant === 'string' ? { ...TenantContext.peek(), tenantId: tenant } : tenant;
    const settings = this.settings(context.tenantId, options);
    return TenantContext.run(context, () => this.transaction(settings, work));
  }

  /**
   * One statement for one tenant in one round trip, where a unit of work is a single statement: the
   * tenant's setting and the statement (prepared once per connection) go together as one implicit
   * transaction, instead of three round trips (START with the setting, the statement, COMMIT). `name`
   * must stand for one text only; `durable` as for {@link run}.
   */
  async statement<T>(
    tenantId: string,
    name: string,
    text: string,
    values: unknown[],
    options: { durable?: boolean } = {},
  ): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return await executePrepared<T>(client, this.settings(tenantId, options), name, text, values);
    } finally {
      await runner.release();
    }
  }

  /** The set_config statement of a tenant's unit of work (the id is checked: it is inlined). */
  private settings(tenantId: string, options: { durable?: boolean }): string {
    if (!UUID.test(tenantId)) throw new Error(`Invalid tenant id "${tenantId}"`);
    const asyncCommit = options.durable === false ? `, set_config('synchronous_commit', 'off', true)` : '';
    return `SELECT set_config('app.tenant_id', '${tenantId}', true)${asyncCommit}`;
  }

  /** Work for the tenant of the current context (a request or job that already set it). */
  async current<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run(TenantContext.current(), work);
  }

  /**
   * Work that must see across tenants: routing a webhook to its channel, looking up a credential by its
   * hash, the reconciler. Each call names its reason; keep these few and narrow.
   */
  async system<T>(reason: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.logger.debug({ reason }, 'cross-tenant unit of work');
    return this.transaction(`SELECT set_config('app.bypass_rls', 'on', true)`, work);
  }

  /** Work as a signed-in user before a tenant is chosen: they see their own memberships only. */
  async asUser<T>(userId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!UUID.test(userId)) throw new Error(`Invalid user id "${userId}"`);
    return this.transaction(`SELECT set_config('app.user_id', '${userId}', true)`, work);
  }

  /**
   * A transaction whose first statement, `setup` (a set_config of a value checked above: it is inlined),
   * travels with START TRANSACTION in one round trip: every unit of work saves one, and the webhook and
   * conversation paths run several per message. TypeORM's own `transaction()` cannot send them together,
   * so the query runner is told it is in a transaction as its `startTransaction()` would (the same two
   * fields: depth 1, active); commit, rollback, savepoints inside and release are TypeORM's own.
   */
  private async transaction<T>(setup: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query(`START TRANSACTION; ${setup}`).catch(async (error: unknown) => {
        await runner.query('ROLLBACK').catch(() => undefined); // never hand back a connection mid-transaction
        throw error;
      });
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

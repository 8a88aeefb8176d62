import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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

  /** Work for one tenant: RLS shows only that tenant's rows. */
  async run<T>(
    tenant: string | TenantContextValue,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const context = typeof tenant === 'string' ? { ...TenantContext.peek(), tenantId: tenant } : tenant;
    if (!UUID.test(context.tenantId)) throw new Error(`Invalid tenant id "${context.tenantId}"`);
    return TenantContext.run(context, () =>
      this.transaction(`SELECT set_config('app.tenant_id', '${context.tenantId}', true)`, work),
    );
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

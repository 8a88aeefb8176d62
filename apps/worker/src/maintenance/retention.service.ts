import { Injectable, Logger } from '@nestjs/common';
import { TenantDb } from '@cria/tenancy';

/** How long finished rows are kept before retention removes them. */
export const RETENTION = {
  refreshTokensDays: 30,
  processedInboundEventsDays: 30,
} as const;

/** Deletes what no one needs any more: expired refresh tokens, old processed webhook events. */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(private readonly db: TenantDb) {}

  async run(): Promise<{ refreshTokens: number; inboundEvents: number }> {
    return this.db.system('retention', async (manager) => {
      const [, refreshTokens] = await manager.query<[unknown, number]>(
        `DELETE FROM refresh_tokens WHERE expires_at < now() - make_interval(days => $1)`,
        [RETENTION.refreshTokensDays],
      );
      const [, inboundEvents] = await manager.query<[unknown, number]>(
        `DELETE FROM inbound_events
          WHERE status IN ('processed', 'ignored', 'unroutable') AND received_at < now() - make_interval(days => $1)`,
        [RETENTION.processedInboundEventsDays],
      );
      this.logger.log({ refreshTokens, inboundEvents }, 'retention done');
      return { refreshTokens, inboundEvents };
    });
  }
}

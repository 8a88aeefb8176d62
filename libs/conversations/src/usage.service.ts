import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { actorContext, type Actor } from '@cria/auth';
import { ValidationException } from '@cria/core';
import { TenantDb } from '@cria/tenancy';
import type { UsageDayView, UsageQueryDto, UsageReportView, UsageTotalsView } from './usage.dto';

/** What one unit of work adds to a tenant's daily usage. */
export interface UsageIncrement {
  tenantId: string;
  channelId: string | null;
  /** YYYY-MM-DD (UTC); default today. */
  day?: string;
  messagesIn?: number;
  messagesOut?: number;
  tokensIn?: number;
  tokensOut?: number;
  inferenceMs?: number;
}

export const MAX_USAGE_RANGE_DAYS = 366;

const today = (): string => new Date().toISOString().slice(0, 10);
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The usage upsert over any source of rows: `select` is the select list (tenant, day, channel, messages in,
 * messages out, tokens in, tokens out, inference ms), `from` what follows it. Concurrent writers add up
 * atomically (one row per tenant, day and channel).
 */
export function usageUpsertSql(select: string, from = ''): string {
  return `INSERT INTO usage_daily (tenant_id, day, channel_id, messages_in, messages_out, tokens_in, tokens_out, inference_ms)
     SELECT ${select} ${from}
     ON CONFLICT (tenant_id, day, coalesce(channel_id, '00000000-0000-0000-0000-000000000000'::uuid))
     DO UPDATE SET messages_in = usage_daily.messages_in + EXCLUDED.messages_in,
                   messages_out = usage_daily.messages_out + EXCLUDED.messages_out,
                   tokens_in = usage_daily.tokens_in + EXCLUDED.tokens_in,
                   tokens_out = usage_daily.tokens_out + EXCLUDED.tokens_out,
                   inference_ms = usage_daily.inference_ms + EXCLUDED.inference_ms`;
}

/** Adds to the usage counters inside the caller's tenant transaction. */
export async function recordUsage(manager: EntityManager, increment: UsageIncrement): Promise<void> {
  await manager.query(
    usageUpsertSql('$1::uuid, $2::date, $3::uuid, $4::int, $5::int, $6::int, $7::int, $8::int'),
    [
      increment.tenantId,
      increment.day ?? today(),
      increment.channelId,
      increment.messagesIn ?? 0,
      increment.messagesOut ?? 0,
      increment.tokensIn ?? 0,
      increment.tokensOut ?? 0,
      increment.inferenceMs ?? 0,
    ],
  );
}

/** Usage reports from usage_daily: per day and channel, with totals. */
@Injectable()
export class UsageService {
  constructor(private readonly db: TenantDb) {}

  record(increment: UsageIncrement): Promise<void> {
    return this.db.run(increment.tenantId, (manager) => recordUsage(manager, increment));
  }

  async report(actor: Actor, query: UsageQueryDto): Promise<UsageReportView> {
    for (const field of ['from', 'to'] as const) {
      const value = query[field];
      if (value && addDays(value, 0) !== value) {
        throw new ValidationException(`${field} is not a calendar date`, {
          [field]: [`${field} is not a calendar date`],
        });
      }
    }
    const to = query.to ?? today();
    const from = query.from ?? addDays(to, -29);
    if (daysBetween(from, to) < 0) {
      throw new ValidationException('from must not be after to', { from: ['from must not be after to'] });
    }
    if (daysBetween(from, to) >= MAX_USAGE_RANGE_DAYS) {
      const message = `from and to may span at most ${MAX_USAGE_RANGE_DAYS} days`;
      throw new ValidationException(message, { from: [message] });
    }
    const rows = await this.db.run(actorContext(actor), (manager) =>
      manager.query<
        Array<{
          day: string;
          channel_id: string | null;
          messages_in: number;
          messages_out: number;
          tokens_in: string;
          tokens_out: string;
          inference_ms: string;
        }>
      >(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel_id, messages_in, messages_out, tokens_in, tokens_out, inference_ms
           FROM usage_daily
          WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR channel_id = $4::uuid)
          ORDER BY day, channel_id NULLS FIRST`,
        [actor.tenantId, from, to, query.channelId ?? null],
      ),
    );
    const items: UsageDayView[] = rows.map((r) => ({
      day: r.day,
      channelId: r.channel_id,
      messagesIn: r.messages_in,
      messagesOut: r.messages_out,
      tokensIn: Number(r.tokens_in),
      tokensOut: Number(r.tokens_out),
      inferenceMs: Number(r.inference_ms),
    }));
    const totals: UsageTotalsView = {
      messagesIn: 0,
      messagesOut: 0,
      tokensIn: 0,
      tokensOut: 0,
      inferenceMs: 0,
    };
    for (const item of items) {
      totals.messagesIn += item.messagesIn;
      totals.messagesOut += item.messagesOut;
      totals.tokensIn += item.tokensIn;
      totals.tokensOut += item.tokensOut;
      totals.inferenceMs += item.inferenceMs;
    }
    return { from, to, items, totals };
  }
}

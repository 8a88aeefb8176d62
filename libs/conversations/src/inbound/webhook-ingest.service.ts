import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { ChannelType, InboundEvent } from '@cria/channels';
import { Counter, metric } from '@cria/core';
import { QueueName, enqueueMany, type InboundJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import type { ChannelStatus } from '../channel.entity';

/** What routing needs to know of a channel. */
export interface ChannelRoute {
  id: string;
  tenantId: string;
  type: ChannelType;
  externalId: string;
  status: ChannelStatus;
}

export interface IngestResult {
  received: number;
  /** New events stored (a redelivery stores nothing). */
  stored: number;
  duplicates: number;
  unroutable: number;
  enqueued: number;
}

const events = metric(
  'cria_webhook_events_total',
  () =>
    new Counter({
      name: 'cria_webhook_events_total',
      help: 'Webhook events by channel type and outcome',
      labelNames: ['channel', 'outcome'],
    }),
);

/** Event kinds that need work in the worker; the rest are kept for audit only. */
const ACTIONABLE = new Set<InboundEvent['kind']>([
  'message',
  'status',
  'echo',
  'postback',
  'read',
  'delivery',
  'reaction',
  'referral',
  'standby',
]);

/**
 * The durable half of a webhook: route each event to its channel, store them all in one statement
 * (unique on the provider's id, so a redelivery is a no-op), and only then enqueue one job per new event.
 * If Redis is away, the events wait in Postgres and the reconciler enqueues them later.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  constructor(
    private readonly db: TenantDb,
    @InjectQueue(QueueName.Inbound) private readonly inbound: Queue<InboundJob>,
  ) {}

  /** The channel a tenant's own Meta app posts to (per-channel webhook URL). */
  async channelById(
    type: ChannelType,
    channelId: string,
  ): Promise<(ChannelRoute & { verifyToken: string; credentials: string }) | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(channelId)) return undefined;
    const rows = await this.db.system('webhook: channel by id', (m) =>
      m.query<Array<ChannelRoute & { verifyToken: string; credentials: string }>>(
        `SELECT id, tenant_id AS "tenantId", type, external_id AS "externalId", status, verify_token AS "verifyToken", credentials
           FROM channels WHERE id = $1 AND type = $2`,
        [channelId, type],
      ),
    );
    return rows[0];
  }

  async ingest(type: ChannelType, parsed: InboundEvent[], only?: ChannelRoute): Promise<IngestResult> {
    const result: IngestResult = {
      received: parsed.length,
      stored: 0,
      duplicates: 0,
      unroutable: 0,
      enqueued: 0,
    };
    if (parsed.length === 0) return result;
    const routes = only ? new Map([[only.externalId, only]]) : await this.routes(type, parsed);

    const rows = parsed.map((event) => {
      const route = routes.get(event.routingKey);
      const routable = route !== undefined && route.status !== 'disabled';
      const { raw, ...normalised } = event;
      return {
        tenantId: routable ? route.tenantId : null,
        channelId: routable ? route.id : null,
        providerEventId: event.eventId,
        kind: event.kind,
        routingKey: event.routingKey,
        status: !routable ? 'unroutable' : ACTIONABLE.has(event.kind) ? 'pending' : 'ignored',
        event: JSON.stringify(normalised),
        raw: JSON.stringify(raw ?? null),
      };
    });

    const inserted = await this.db.system('webhook: store events', (m) =>
      m.query<Array<{ id: string; tenantId: string | null; channelId: string | null; status: string }>>(
        `INSERT INTO inbound_events (tenant_id, channel_id, channel_type, provider_event_id, kind, routing_key, status, event, raw)
         SELECT t.tenant_id, t.channel_id, $1, t.provider_event_id, t.kind, t.routing_key, t.status, t.event, t.raw
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])
             AS t(tenant_id, channel_id, provider_event_id, kind, routing_key, status, event, raw)
         ON CONFLICT (channel_type, provider_event_id) DO NOTHING
         RETURNING id, tenant_id AS "tenantId", channel_id AS "channelId", status`,
        [
          type,
          rows.map((r) => r.tenantId),
          rows.map((r) => r.channelId),
          rows.map((r) => r.providerEventId),
          rows.map((r) => r.kind),
          rows.map((r) => r.routingKey),
          rows.map((r) => r.status),
          rows.map((r) => r.event),
          rows.map((r) => r.raw),
        ],
      ),
    );
    result.stored = inserted.length;
    result.duplicates = parsed.length - inserted.length;
    result.unroutable = inserted.filter((r) => r.status === 'unroutable').length;
    events.inc({ channel: type, outcome: 'stored' }, result.stored);
    if (result.duplicates) events.inc({ channel: type, outcome: 'duplicate' }, result.duplicates);
    if (result.unroutable) {
      events.inc({ channel: type, outcome: 'unroutable' }, result.unroutable);
      this.logger.warn(
        {
          channel: type,
          unroutable: result.unroutable,
          routingKeys: [...new Set(parsed.map((e) => e.routingKey))],
        },
        'webhook events for no active channel',
      );
    }

    const jobs = inserted
      .filter(
        (r): r is typeof r & { tenantId: string; channelId: string } =>
          r.status === 'pending' && r.tenantId !== null && r.channelId !== null,
      )
      .map((r) => ({
        name: 'event',
        data: { tenantId: r.tenantId, eventId: r.id, channelId: r.channelId },
        opts: { jobId: r.id },
      }));
    if (jobs.length) {
      try {
        await enqueueMany(this.inbound, jobs);
        result.enqueued = jobs.length;
      } catch (error) {
        // Stored is what matters: the reconciler enqueues pending events once Redis is back.
        this.logger.warn(
          { err: error, events: jobs.length },
          'could not enqueue webhook events; the reconciler will',
        );
      }
    }
    return result;
  }

  private async routes(type: ChannelType, parsed: InboundEvent[]): Promise<Map<string, ChannelRoute>> {
    const keys = [...new Set(parsed.map((e) => e.routingKey))];
    const rows = await this.db.system('webhook: route by external id', (m) =>
      m.query<ChannelRoute[]>(
        `SELECT id, tenant_id AS "tenantId", type, external_id AS "externalId", status
           FROM channels WHERE type = $1 AND external_id = ANY($2::text[])`,
        [type, keys],
      ),
    );
    return new Map(rows.map((r) => [r.externalId, r]));
  }
}

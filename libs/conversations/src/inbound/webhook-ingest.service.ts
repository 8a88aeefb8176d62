import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queue } from 'bullmq';
import type { ChannelType, InboundEvent } from '@cria/channels';
import { Counter, metric } from '@cria/core';
import { QueueName, enqueueMany, type InboundJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import type { ChannelStatus } from '../channel.entity';
import { GroupCommit } from './ingest-batcher';

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

interface IngestRequest {
  type: ChannelType;
  events: InboundEvent[];
  onlyChannelId: string | null;
}

interface StoredRow {
  id: string;
  channel_type: ChannelType;
  provider_event_id: string;
  tenant_id: string | null;
  channel_id: string | null;
  status: string;
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
 * The durable half of a webhook: route each event to its channel and store it (unique on the provider's
 * id, so a redelivery is a no-op) in one statement (`cria_ingest_events`), then enqueue one job per new
 * event, and only then answer. Concurrent requests share that round trip (group commit). If Redis is away,
 * the events wait in Postgres and the reconciler enqueues them later.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  private readonly batcher = new GroupCommit<IngestRequest, IngestResult>((requests) => this.flush(requests));

  constructor(
    private readonly db: TenantDb,
    @InjectDataSource() private readonly dataSource: DataSource,
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

  /** Stores the events of one webhook request (batched with concurrent requests) and enqueues the new ones. */
  ingest(type: ChannelType, parsed: InboundEvent[], only?: ChannelRoute): Promise<IngestResult> {
    if (parsed.length === 0)
      return Promise.resolve({ received: 0, stored: 0, duplicates: 0, unroutable: 0, enqueued: 0 });
    // Concurrent requests share one insert; each answer waits for its batch's enqueue, which overlaps the next insert.
    return this.batcher.submit({ type, events: parsed, onlyChannelId: only?.id ?? null });
  }

  private async flush(requests: IngestRequest[]): Promise<Array<Promise<IngestResult>>> {
    const rows = requests.flatMap((request) =>
      request.events.map((event) => {
        const { raw, ...normalised } = event;
        return {
          type: request.type,
          only: request.onlyChannelId,
          routingKey: event.routingKey,
          eventId: event.eventId,
          kind: event.kind,
          actionable: ACTIONABLE.has(event.kind),
          event: JSON.stringify(normalised),
          raw: JSON.stringify(raw ?? null),
        };
      }),
    );
    const inserted = await this.dataSource.query<StoredRow[]>(
      `SELECT * FROM cria_ingest_events($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::jsonb[], $8::jsonb[])`,
      [
        rows.map((r) => r.type),
        rows.map((r) => r.only),
        rows.map((r) => r.routingKey),
        rows.map((r) => r.eventId),
        rows.map((r) => r.kind),
        rows.map((r) => r.actionable),
        rows.map((r) => r.event),
        rows.map((r) => r.raw),
      ],
    );
    const byKey = new Map(inserted.map((row) => [`${row.channel_type}:${row.provider_event_id}`, row]));

    const jobs = inserted
      .filter(
        (r): r is StoredRow & { tenant_id: string; channel_id: string } =>
          r.status === 'pending' && r.tenant_id !== null && r.channel_id !== null,
      )
      .map((r) => ({
        name: 'event',
        data: { tenantId: r.tenant_id, eventId: r.id, channelId: r.channel_id },
        opts: { jobId: r.id },
      }));
    const enqueued = jobs.length === 0 ? Promise.resolve(false) : this.enqueue(jobs);
    return requests.map(async (request) => this.result(request, byKey, await enqueued));
  }

  private async enqueue(
    jobs: Array<{ name: string; data: InboundJob; opts: { jobId: string } }>,
  ): Promise<boolean> {
    try {
      await enqueueMany(this.inbound, jobs);
      return true;
    } catch (error) {
      // Stored is what matters: the reconciler enqueues pending events once Redis is back.
      this.logger.warn(
        { err: error, events: jobs.length },
        'could not enqueue webhook events; the reconciler will',
      );
      return false;
    }
  }

  private result(request: IngestRequest, byKey: Map<string, StoredRow>, enqueued: boolean): IngestResult {
    const result: IngestResult = {
      received: request.events.length,
      stored: 0,
      duplicates: 0,
      unroutable: 0,
      enqueued: 0,
    };
    for (const event of request.events) {
      const key = `${request.type}:${event.eventId}`;
      const row = byKey.get(key);
      byKey.delete(key); // a second copy of the same event in this batch is a duplicate
      if (!row) {
        result.duplicates += 1;
        continue;
      }
      result.stored += 1;
      if (row.status === 'unroutable') result.unroutable += 1;
      if (row.status === 'pending' && enqueued) result.enqueued += 1;
    }
    events.inc({ channel: request.type, outcome: 'stored' }, result.stored);
    if (result.duplicates) events.inc({ channel: request.type, outcome: 'duplicate' }, result.duplicates);
    if (result.unroutable) {
      events.inc({ channel: request.type, outcome: 'unroutable' }, result.unroutable);
      this.logger.warn(
        {
          channel: request.type,
          unroutable: result.unroutable,
          routingKeys: [...new Set(request.events.map((e) => e.routingKey))],
        },
        'webhook events for no active channel',
      );
    }
    return result;
  }
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChannelType } from './channel.entity';

export type InboundEventStatus =
  'pending' | 'processing' | 'processed' | 'failed' | 'unroutable' | 'ignored' | 'unmatched';

/**
 * One normalised webhook event, stored before Meta gets its 200 (unique on the provider's id, so a
 * redelivery is a no-op). Postgres is the source of truth: a pending row is work still to do.
 */
@Entity({ name: 'inbound_events' })
export class InboundEventRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null only for unroutable events (no channel matched). */
  @Column({ type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  channelId!: string | null;

  @Column({ type: 'text' })
  channelType!: ChannelType;

  @Column({ type: 'text' })
  providerEventId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  routingKey!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: InboundEventStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** The normalised event. */
  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  /** The raw provider object it came from, kept for audit. */
  @Column({ type: 'jsonb' })
  raw!: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}

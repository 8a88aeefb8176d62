import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Per tenant, day and channel (null: not tied to a channel, e.g. the playground): messages and tokens. */
@Entity({ name: 'usage_daily' })
export class UsageDaily {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  /** YYYY-MM-DD (UTC). */
  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'uuid', nullable: true })
  channelId!: string | null;

  @Column({ type: 'integer', default: 0 })
  messagesIn!: number;

  @Column({ type: 'integer', default: 0 })
  messagesOut!: number;

  /** bigint: pg returns it as a string. */
  @Column({ type: 'bigint', default: 0 })
  tokensIn!: string;

  @Column({ type: 'bigint', default: 0 })
  tokensOut!: string;

  @Column({ type: 'bigint', default: 0 })
  inferenceMs!: string;
}

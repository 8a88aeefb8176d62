import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** bot: the assistant answers; human: an agent took over, the bot stays silent; closed: finished. */
export type ConversationState = 'bot' | 'human' | 'closed';

@Entity({ name: 'conversations' })
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid' })
  channelId!: string;

  @Column({ type: 'uuid' })
  contactId!: string;

  @Column({ type: 'uuid', nullable: true })
  assistantId!: string | null;

  @Column({ type: 'text', default: 'bot' })
  state!: ConversationState;

  @Column({ type: 'uuid', nullable: true })
  assigneeUserId!: string | null;

  @Column({ type: 'timestamptz' })
  lastMessageAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastInboundAt!: Date | null;

  /** Meta's customer-service window: free-form messages only before this instant. */
  @Column({ type: 'timestamptz', nullable: true })
  windowExpiresAt!: Date | null;

  /** Summary of history older than `summaryUntil`, used in place of dropped turns. */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  summaryUntil!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** `seq` of the last customer message a bot turn has covered (answered, handed over or skipped). */
  @Column({
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  lastAnsweredSeq!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

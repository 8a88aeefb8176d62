import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type MessageDirection = 'inbound' | 'outbound';
export type MessageRole = 'user' | 'assistant' | 'agent' | 'system';
/**
 * Inbound: received. Outbound: pending (row written, send job queued) → sending → sent → delivered → read,
 * or failed (error code/title), window_closed (refused before calling Meta), skipped (nothing to send).
 */
export type MessageStatus =
  'received' | 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'window_closed' | 'skipped';

/** Order of delivery statuses: a status update never moves a message backwards. */
export const STATUS_RANK: Record<MessageStatus, number> = {
  received: 0,
  pending: 1,
  sending: 2,
  window_closed: 3,
  skipped: 3,
  sent: 4,
  delivered: 5,
  read: 6,
  failed: 7,
};

@Entity({ name: 'messages' })
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'uuid' })
  channelId!: string;

  @Column({ type: 'text' })
  direction!: MessageDirection;

  @Column({ type: 'text' })
  role!: MessageRole;

  /** text, image, audio, video, document, sticker, location, contacts, interactive, template, … */
  @Column({ type: 'text', default: 'text' })
  type!: string;

  /** Text content (for non-text inbound messages, the text the model is given). */
  @Column({ type: 'text', default: '' })
  content!: string;

  /** Structured content: media ids, buttons, location, the normalised event… */
  @Column({ type: 'jsonb', default: {} })
  payload!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  providerMessageId!: string | null;

  @Column({ type: 'text', default: 'received' })
  status!: MessageStatus;

  @Column({ type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ type: 'text', nullable: true })
  errorTitle!: string | null;

  /** Outbound only: derived from what it answers, so a repeated step never creates a second reply. */
  @Column({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'uuid', nullable: true })
  inboundEventId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @Column({ type: 'integer', nullable: true })
  tokensIn!: number | null;

  @Column({ type: 'integer', nullable: true })
  tokensOut!: number | null;

  @Column({ type: 'integer', nullable: true })
  latencyMs!: number | null;

  /** Guardrail interventions on this message (what was blocked or changed, and why). */
  @Column({ type: 'jsonb', nullable: true })
  guardrails!: Array<{ rule: string; action: string; detail?: string }> | null;

  /** Insertion order within the database (provider timestamps only have one-second resolution). */
  @Column({
    type: 'bigint',
    insert: false,
    update: false,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  seq!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

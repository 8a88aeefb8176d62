import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ChannelType = 'whatsapp' | 'messenger' | 'instagram';
export type ChannelStatus = 'active' | 'needs_reauth' | 'disabled';

/** Secrets of a channel; stored sealed (AES-256-GCM) in `credentials`, opened only in memory. */
export interface ChannelSecrets {
  accessToken: string;
  /** Present when the channel uses the tenant's own Meta app rather than the platform's. */
  appSecret?: string;
}

/** A business's connected WhatsApp number, Messenger page or Instagram account. */
@Entity({ name: 'channels' })
export class Channel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid', nullable: true })
  assistantId!: string | null;

  @Column({ type: 'text' })
  type!: ChannelType;

  /** phone_number_id / page id / Instagram account id: what Meta's webhooks route by. */
  @Column({ type: 'text' })
  externalId!: string;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: ChannelStatus;

  /** Sealed ChannelSecrets. Never serialised to a response. */
  @Column({ type: 'text', select: true })
  credentials!: string;

  @Column({ type: 'text' })
  verifyToken!: string;

  /** True when webhooks come through the tenant's own Meta app (per-channel webhook URL, own secret). */
  @Column({ type: 'boolean', default: false })
  ownApp!: boolean;

  @Column({ type: 'jsonb', default: {} })
  settings!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  lastError!: { code?: string | number; title?: string; at: string } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AssistantConfig } from './assistant-config';

/** An immutable published configuration of an assistant (version 1, 2, …). */
@Entity({ name: 'assistant_versions' })
export class AssistantVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid' })
  assistantId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  config!: AssistantConfig;

  @Column({ type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AssistantConfig } from './assistant-config';

/**
 * An assistant: its editable draft plus a pointer to the published version channels serve. Deleting is
 * soft (`deletedAt`): versions stay for the history, and channels pointing at it stop answering.
 */
@Entity({ name: 'assistants' })
export class Assistant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The configuration being edited (equal to the published one when `draftChanged` is false). */
  @Column({ type: 'jsonb' })
  draft!: AssistantConfig;

  @Column({ type: 'integer', nullable: true })
  publishedVersion!: number | null;

  @Column({ type: 'boolean', default: false })
  draftChanged!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}

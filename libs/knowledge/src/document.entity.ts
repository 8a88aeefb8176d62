import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DocumentFormat, DocumentStatus } from './knowledge.constants';

/**
 * A knowledge document of a tenant: the original bytes (bytea), and the state of its ingestion (status,
 * stage, progress, error) that the admin API shows. Its chunks live in knowledge_chunks.
 */
@Entity({ name: 'knowledge_documents' })
export class KnowledgeDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  format!: DocumentFormat;

  @Column({ type: 'text' })
  contentType!: string;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'text' })
  sha256!: string;

  /** Not read by default: lists and views never need the bytes. */
  @Column({ type: 'bytea', select: false })
  original!: Buffer;

  @Column({ type: 'text' })
  status!: DocumentStatus;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'smallint' })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  chunkCount!: number;

  /** Identity of the embedding model the chunks were embedded with (re-indexing when it changes). */
  @Column({ type: 'text', nullable: true })
  embeddingModel!: string | null;

  @Column({ type: 'integer', nullable: true })
  embeddingDimension!: number | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  indexedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

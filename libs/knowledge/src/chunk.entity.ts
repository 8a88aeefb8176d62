import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A passage of a document. `embedding` (pgvector) and `tsv` (generated tsvector) are not mapped: they are
 * written and queried with SQL only (see ingestion.service.ts and retrieval.service.ts), which also keeps
 * TypeORM from trying to install the extension as the application role.
 */
@Entity({ name: 'knowledge_chunks' })
export class KnowledgeChunk {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  /** Order of the chunk in its document, from 0. */
  @Column({ type: 'integer' })
  position!: number;

  /** The heading path the chunk sits under ("Pricing > Plans"), when the document has headings. */
  @Column({ type: 'text', nullable: true })
  heading!: string | null;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'integer' })
  tokenCount!: number;

  @Column({ type: 'integer' })
  dimension!: number;
}

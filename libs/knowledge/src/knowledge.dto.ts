import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@cria/auth';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_STATUSES,
  MAX_TOP_K,
  type DocumentFormat,
  type DocumentStatus,
} from './knowledge.constants';

/** Multipart forms send lists as repeated fields or one comma-separated string: both become a list. */
function toList({ value }: { value: unknown }): unknown {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return value;
}

export class FaqPairDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  question!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  answer!: string;
}

/**
 * A new document: a file (multipart field `file`, with optional `name` and `assistantIds` fields), or
 * JSON with pasted `text` (read as Markdown) or `faq` pairs.
 */
export class CreateDocumentDto {
  @ApiPropertyOptional({ description: 'Defaults to the file name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ description: 'Pasted text (Markdown headings and tables are understood)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  text?: string;

  @ApiPropertyOptional({ type: [FaqPairDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2_000)
  @ValidateNested({ each: true })
  @Type(() => FaqPairDto)
  faq?: FaqPairDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Assistants that may use it' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  assistantIds?: string[];
}

export class DocumentAssistantsDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  assistantIds!: string[];
}

export class DocumentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only documents attached to this assistant' })
  @IsOptional()
  @IsUUID()
  assistantId?: string;
}

export class SearchDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  query!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only documents attached to this assistant' })
  @IsOptional()
  @IsUUID()
  assistantId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TOP_K, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOP_K)
  k?: number;
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: DOCUMENT_FORMATS })
  format!: DocumentFormat;
  @ApiProperty()
  contentType!: string;
  @ApiProperty()
  sizeBytes!: number;
  @ApiProperty({ enum: DOCUMENT_STATUSES })
  status!: DocumentStatus;
  @ApiProperty({ description: 'queued, extracting, chunking, embedding, storing, done, failed' })
  stage!: string;
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why ingestion failed' })
  error!: string | null;
  @ApiProperty()
  chunkCount!: number;
  @ApiProperty({ type: String, nullable: true })
  embeddingModel!: string | null;
  @ApiProperty({ type: [String] })
  assistantIds!: string[];
  @ApiProperty({ type: Date, nullable: true })
  indexedAt!: Date | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}

export class DocumentPageView {
  @ApiProperty({ type: [DocumentView] })
  items!: DocumentView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class PassageView {
  @ApiProperty({ format: 'uuid' })
  chunkId!: string;
  @ApiProperty({ format: 'uuid' })
  documentId!: string;
  @ApiProperty()
  documentName!: string;
  @ApiProperty({ description: 'Order of the passage in its document, from 0' })
  position!: number;
  @ApiProperty({ type: String, nullable: true })
  heading!: string | null;
  @ApiProperty()
  content!: string;
  @ApiProperty()
  tokenCount!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Cosine similarity (null: not a vector hit)' })
  vectorScore!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'ts_rank (null: not a full-text hit)' })
  textScore!: number | null;
  @ApiProperty({ description: 'Reciprocal rank fusion of both rankings' })
  score!: number;
}

export class SearchResultView {
  @ApiProperty({ enum: ['hybrid', 'text'], description: 'text: no embedding model in this process' })
  mode!: 'hybrid' | 'text';
  @ApiProperty({ type: [PassageView] })
  passages!: PassageView[];
}

export class ReindexResultView {
  @ApiProperty({ description: 'Documents queued for re-indexing' })
  queued!: number;
}

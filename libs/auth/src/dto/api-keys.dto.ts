import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope } from '../roles';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100, example: 'CRM integration' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    enum: API_KEY_SCOPES,
    isArray: true,
    description: 'admin: everything an admin can do; agent: the inbox (conversations, contacts, replies)',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working (default: never)' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes!: string[];
  @ApiProperty({ description: 'First characters of the key, to recognise it' })
  prefix!: string;
  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  lastUsedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true })
  lastUsedIp!: string | null;
  @ApiProperty({ type: Date, nullable: true })
  expiresAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  revokedAt!: Date | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The secret key (cria_…). Shown only this once.' })
  key!: string;
}

export class ApiKeyPageView {
  @ApiProperty({ type: [ApiKeyView] })
  items!: ApiKeyView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@cria/auth';
import { IsJsonObject, IsStringRecord } from './validators';

const PHRASES = { maxItems: 50, maxLength: 100 };
const REPLY_MAX = 2_000;

export class ModelSettingsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(1)
  topP?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4096, description: 'Longest reply, in tokens' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  maxTokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 32768, description: 'Tokens of history kept in the prompt' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(32768)
  historyTokens?: number;

  @ApiPropertyOptional({ type: [String], maxItems: 8 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  stop?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Fixed sampling seed (null: random)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Path of a LoRA adapter (.gguf) on the server, relative to the models directory or absolute',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^(?!.*(^|\/)\.\.(\/|$))[\w./ -]+\.gguf$/, {
    message: 'loraAdapter must be a path to a .gguf file, without ".." segments',
  })
  loraAdapter?: string | null;
}

export class HandoverDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'A customer message containing one hands over to a human',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PHRASES.maxItems)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(PHRASES.maxLength, { each: true })
  phrases?: string[];

  @ApiPropertyOptional({ maxLength: REPLY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  message?: string;
}

export class OptOutDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PHRASES.maxItems)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(PHRASES.maxLength, { each: true })
  phrases?: string[];

  @ApiPropertyOptional({ maxLength: REPLY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  confirmation?: string;
}

export class FallbackRepliesDto {
  @ApiPropertyOptional({ maxLength: REPLY_MAX, description: 'For media the model cannot read' })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  media?: string;

  @ApiPropertyOptional({ maxLength: REPLY_MAX, description: 'When the model cannot answer' })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  error?: string;

  @ApiPropertyOptional({ maxLength: REPLY_MAX, description: 'When the daily quota is used up' })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  quota?: string;
}

export class GuardrailsDto {
  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  inputBlocklist?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  outputBlocklist?: string[];

  @ApiPropertyOptional({ maxLength: REPLY_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  blockedReply?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 4096 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(4096)
  maxReplyChars?: number | null;
}

export class ToolHttpDto {
  @ApiProperty({ example: 'https://api.example.com/orders/{orderId}' })
  @IsString()
  @MaxLength(2_000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url!: string;

  @ApiProperty({ enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] })
  @IsIn(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
  method!: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsStringRecord({ maxEntries: 20, maxKeyLength: 100, maxValueLength: 2_000 })
  headers?: Record<string, string>;

  @ApiPropertyOptional({ minimum: 100, maximum: 30_000, default: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(30_000)
  timeoutMs?: number;
}

export class ToolDto {
  @ApiProperty({
    example: 'lookup_order',
    description: 'Letters, digits, _ and -; starts with a letter or _',
  })
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, {
    message: 'name must start with a letter or _ and hold at most 64 letters, digits, _ or -',
  })
  name!: string;

  @ApiProperty({ maxLength: 1_000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1_000)
  description!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema of the arguments',
  })
  @IsOptional()
  @IsJsonObject(16_384)
  parameters?: Record<string, unknown>;

  @ApiProperty({ type: ToolHttpDto })
  @ValidateNested()
  @Type(() => ToolHttpDto)
  http!: ToolHttpDto;

  @ApiPropertyOptional({
    type: [String],
    description: 'Hosts the tool may call (default: the host of http.url)',
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { each: true, message: 'allowHosts must hold host names' })
  allowHosts?: string[];
}

export class ClosedWindowTemplateDto {
  @ApiProperty({ description: 'Name of an approved WhatsApp message template' })
  @IsString()
  @Matches(/^[a-z0-9_]{1,512}$/, {
    message: 'name must be a template name (a-z, 0-9, _)',
  })
  name!: string;

  @ApiProperty({ example: 'en_US' })
  @IsString()
  @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, {
    message: 'language must look like en or en_US',
  })
  language!: string;
}

export class KnowledgeSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  showCitations?: boolean;
}

/** What POST /api/assistants takes; PATCH takes the same fields, all optional (nested objects merge). */
export class CreateAssistantDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ maxLength: 20_000, description: 'System instructions: who the assistant is, what it does' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  instructions!: string;

  @ApiPropertyOptional({ maxLength: 4_000, description: 'Tone, name: appended to the instructions' })
  @IsOptional()
  @IsString()
  @MaxLength(4_000)
  persona?: string;

  @ApiPropertyOptional({
    maxLength: REPLY_MAX,
    description: 'Sent when a customer first writes (empty: none)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_MAX)
  greeting?: string;

  @ApiPropertyOptional({ type: ModelSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelSettingsDto)
  model?: ModelSettingsDto;

  @ApiPropertyOptional({ type: HandoverDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HandoverDto)
  handover?: HandoverDto;

  @ApiPropertyOptional({ type: OptOutDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OptOutDto)
  optOut?: OptOutDto;

  @ApiPropertyOptional({ type: FallbackRepliesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FallbackRepliesDto)
  fallbackReplies?: FallbackRepliesDto;

  @ApiPropertyOptional({ type: GuardrailsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardrailsDto)
  guardrails?: GuardrailsDto;

  @ApiPropertyOptional({ type: [ToolDto], maxItems: 20, description: 'Replaces the whole list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ToolDto)
  tools?: ToolDto[];

  @ApiPropertyOptional({
    type: ClosedWindowTemplateDto,
    nullable: true,
    description: 'WhatsApp template sent when the 24 h window is closed (null: none)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClosedWindowTemplateDto)
  closedWindowTemplate?: ClosedWindowTemplateDto | null;

  @ApiPropertyOptional({ type: KnowledgeSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => KnowledgeSettingsDto)
  knowledge?: KnowledgeSettingsDto;
}

export class UpdateAssistantDto extends PartialType(CreateAssistantDto) {}

export class RollbackDto {
  @ApiProperty({ minimum: 1, description: 'The version whose configuration becomes the next version' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version!: number;
}

export class AssistantListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@cria/auth';
import type { ChannelStatus, ChannelType } from './channel.entity';

export const CHANNEL_TYPES: readonly ChannelType[] = ['whatsapp', 'messenger', 'instagram'];
export const CHANNEL_STATUSES: readonly ChannelStatus[] = ['active', 'needs_reauth', 'disabled'];
/** What PATCH may set; needs_reauth is set by Cria when Meta rejects the token. */
export const SETTABLE_CHANNEL_STATUSES = ['active', 'disabled'] as const;

const TOKEN = /^\S+$/;

export class CreateChannelDto {
  @ApiProperty({ enum: CHANNEL_TYPES })
  @IsIn(CHANNEL_TYPES)
  type!: ChannelType;

  @ApiProperty({ format: 'uuid', description: 'The assistant that answers on this channel' })
  @IsUUID()
  assistantId!: string;

  @ApiProperty({
    description: 'WhatsApp phone number id, Facebook page id or Instagram account id',
    maxLength: 64,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'externalId must be 1 to 64 letters, digits, _ . : or -' })
  externalId!: string;

  @ApiProperty({
    description: 'Graph API access token (write-only: never returned)',
    writeOnly: true,
    maxLength: 4096,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4_096)
  @Matches(TOKEN, { message: 'accessToken must not contain spaces' })
  accessToken!: string;

  @ApiPropertyOptional({
    description: 'App secret of your own Meta app (write-only). Given: the channel gets its own webhook URL.',
    writeOnly: true,
    maxLength: 256,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  @Matches(TOKEN, { message: 'appSecret must not contain spaces' })
  appSecret?: string;

  @ApiPropertyOptional({
    description: 'Webhook verify token (generated when not given)',
    minLength: 8,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(TOKEN, { message: 'verifyToken must not contain spaces' })
  verifyToken?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assistantId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_CHANNEL_STATUSES })
  @IsOptional()
  @IsIn(SETTABLE_CHANNEL_STATUSES)
  status?: (typeof SETTABLE_CHANNEL_STATUSES)[number];

  @ApiPropertyOptional({
    writeOnly: true,
    maxLength: 4096,
    description: 'A new access token (clears needs_reauth)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4_096)
  @Matches(TOKEN, { message: 'accessToken must not contain spaces' })
  accessToken?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    writeOnly: true,
    maxLength: 256,
    description: 'Own Meta app secret; null switches back to the platform app',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  @Matches(TOKEN, { message: 'appSecret must not contain spaces' })
  appSecret?: string | null;

  @ApiPropertyOptional({ minLength: 8, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  @Matches(TOKEN, { message: 'verifyToken must not contain spaces' })
  verifyToken?: string;
}

export class ChannelListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CHANNEL_TYPES })
  @IsOptional()
  @IsIn(CHANNEL_TYPES)
  type?: ChannelType;

  @ApiPropertyOptional({ enum: CHANNEL_STATUSES })
  @IsOptional()
  @IsIn(CHANNEL_STATUSES)
  status?: ChannelStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assistantId?: string;
}

export class ChannelErrorView {
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  code?: string | number;
  @ApiPropertyOptional()
  title?: string;
  @ApiProperty()
  at!: string;
}

/** A channel as the API shows it: never its access token or app secret. */
export class ChannelView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: CHANNEL_TYPES })
  type!: ChannelType;
  @ApiProperty()
  externalId!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  assistantId!: string | null;
  @ApiProperty({ enum: CHANNEL_STATUSES })
  status!: ChannelStatus;
  @ApiProperty({ description: 'True when webhooks come through the tenant’s own Meta app' })
  ownApp!: boolean;
  @ApiProperty({ description: 'Callback URL to configure in the Meta app' })
  webhookUrl!: string;
  @ApiProperty({ description: 'Verify token to configure in the Meta app' })
  verifyToken!: string;
  @ApiProperty({ type: ChannelErrorView, nullable: true })
  lastError!: ChannelErrorView | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}

export class ChannelPageView {
  @ApiProperty({ type: [ChannelView] })
  items!: ChannelView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ChannelTestErrorView {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  code!: string | number;
  @ApiProperty()
  message!: string;
  @ApiPropertyOptional()
  type?: string;
}

export class ChannelTestView {
  @ApiProperty()
  ok!: boolean;
  @ApiPropertyOptional({ type: Object, description: 'What Meta says about the account (on success)' })
  details?: Record<string, string>;
  @ApiPropertyOptional({ type: ChannelTestErrorView })
  error?: ChannelTestErrorView;
  @ApiProperty({ enum: CHANNEL_STATUSES, description: 'The channel status after the test' })
  status!: ChannelStatus;
}

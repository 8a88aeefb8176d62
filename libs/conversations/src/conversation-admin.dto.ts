import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@cria/auth';
import type { ConversationState } from './conversation.entity';
import type { MessageDirection, MessageRole, MessageStatus } from './message.entity';

export const CONVERSATION_STATES: readonly ConversationState[] = ['bot', 'human', 'closed'];

export class ConversationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  channelId?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_STATES })
  @IsOptional()
  @IsIn(CONVERSATION_STATES)
  state?: ConversationState;

  @ApiPropertyOptional({ description: 'A member’s user id, `me` or `none` (unassigned)' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assigneeId must be a user id, me or none',
  })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Full-text search over the messages (web search syntax: words, "phrases", -exclusions); also matches the contact name',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AssignDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A member, or null to unassign' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  userId!: string | null;
}

export class ReplyDto {
  @ApiProperty({ maxLength: 4096, description: 'Text to send (the channel’s own limit applies)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4_096)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Idempotency: sending the same id again returns the first message instead of a second one',
  })
  @IsOptional()
  @IsUUID()
  clientMessageId?: string;
}

export class ConversationChannelView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ['whatsapp', 'messenger', 'instagram'] })
  type!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
}

export class ConversationContactView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ description: 'wa_id, PSID or IGSID' })
  externalId!: string;
  @ApiProperty()
  optedOut!: boolean;
}

export class LastMessageView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] })
  direction!: MessageDirection;
  @ApiProperty({ enum: ['user', 'assistant', 'agent', 'system'] })
  role!: MessageRole;
  @ApiProperty()
  type!: string;
  @ApiProperty({ description: 'The first 200 characters' })
  preview!: string;
  @ApiProperty()
  status!: MessageStatus;
  @ApiProperty()
  createdAt!: Date;
}

export class ConversationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: ConversationChannelView })
  channel!: ConversationChannelView;
  @ApiProperty({ type: ConversationContactView })
  contact!: ConversationContactView;
  @ApiProperty({ type: String, nullable: true })
  assistantId!: string | null;
  @ApiProperty({ enum: CONVERSATION_STATES })
  state!: ConversationState;
  @ApiProperty({ type: String, nullable: true })
  assigneeUserId!: string | null;
  @ApiProperty()
  lastMessageAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  lastInboundAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Free-form replies are allowed until then' })
  windowExpiresAt!: Date | null;
  @ApiProperty({ description: 'True while free-form replies are allowed' })
  windowOpen!: boolean;
  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;
  @ApiProperty({ type: LastMessageView, nullable: true })
  lastMessage!: LastMessageView | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}

export class ConversationPageView {
  @ApiProperty({ type: [ConversationView] })
  items!: ConversationView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class MessageView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  conversationId!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] })
  direction!: MessageDirection;
  @ApiProperty({ enum: ['user', 'assistant', 'agent', 'system'] })
  role!: MessageRole;
  @ApiProperty()
  type!: string;
  @ApiProperty()
  content!: string;
  @ApiProperty({ type: Object })
  payload!: Record<string, unknown>;
  @ApiProperty({
    enum: [
      'received',
      'pending',
      'sending',
      'sent',
      'delivered',
      'read',
      'failed',
      'window_closed',
      'skipped',
    ],
  })
  status!: MessageStatus;
  @ApiProperty({ type: String, nullable: true })
  errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why sending failed' })
  errorTitle!: string | null;
  @ApiProperty({ type: String, nullable: true })
  providerMessageId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  authorUserId!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  tokensIn!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  tokensOut!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  latencyMs!: number | null;
  @ApiProperty({ type: Object, isArray: true, nullable: true })
  guardrails!: Array<{ rule: string; action: string; detail?: string }> | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  sentAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  deliveredAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  readAt!: Date | null;
}

export class MessagePageView {
  @ApiProperty({ type: [MessageView], description: 'Oldest to newest within the page' })
  items!: MessageView[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the page of older messages' })
  nextCursor!: string | null;
}

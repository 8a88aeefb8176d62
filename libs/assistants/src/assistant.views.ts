import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ClosedWindowTemplateDto,
  FallbackRepliesDto,
  GuardrailsDto,
  HandoverDto,
  KnowledgeSettingsDto,
  ModelSettingsDto,
  OptOutDto,
  ToolDto,
} from './assistant.dto';
import type { AssistantConfig } from './assistant-config';

/** An assistant as the API shows it: its draft configuration, flat, plus publication state. */
export class AssistantView implements AssistantConfig {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The version channels serve' })
  publishedVersion!: number | null;
  @ApiProperty({ description: 'True when the draft differs from the published version' })
  hasDraftChanges!: boolean;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;

  @ApiProperty()
  instructions!: string;
  @ApiProperty()
  persona!: string;
  @ApiProperty()
  greeting!: string;
  @ApiProperty({ type: ModelSettingsDto })
  model!: AssistantConfig['model'];
  @ApiProperty({ type: HandoverDto })
  handover!: AssistantConfig['handover'];
  @ApiProperty({ type: OptOutDto })
  optOut!: AssistantConfig['optOut'];
  @ApiProperty({ type: FallbackRepliesDto })
  fallbackReplies!: AssistantConfig['fallbackReplies'];
  @ApiProperty({ type: GuardrailsDto })
  guardrails!: AssistantConfig['guardrails'];
  @ApiProperty({ type: [ToolDto] })
  tools!: AssistantConfig['tools'];
  @ApiPropertyOptional({ type: ClosedWindowTemplateDto })
  closedWindowTemplate?: AssistantConfig['closedWindowTemplate'];
  @ApiProperty({ type: KnowledgeSettingsDto })
  knowledge!: AssistantConfig['knowledge'];
}

export class AssistantPageView {
  @ApiProperty({ type: [AssistantView] })
  items!: AssistantView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AssistantVersionView {
  @ApiProperty()
  version!: number;
  @ApiProperty({ description: 'True for the version channels serve now' })
  current!: boolean;
  @ApiProperty({ type: String, nullable: true })
  publishedBy!: string | null;
  @ApiProperty()
  publishedAt!: Date;
  @ApiProperty({ type: Object, description: 'The configuration of this version' })
  config!: AssistantConfig;
}

export class AssistantVersionPageView {
  @ApiProperty({ type: [AssistantVersionView] })
  items!: AssistantVersionView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

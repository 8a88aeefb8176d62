import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class UsageQueryDto {
  @ApiPropertyOptional({
    example: '2025-01-01',
    description: 'First day (UTC), default: 29 days before `to`',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date like 2025-01-31' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-01-31', description: 'Last day (UTC, included), default: today' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date like 2025-01-31' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  channelId?: string;
}

export class UsageTotalsView {
  @ApiProperty()
  messagesIn!: number;
  @ApiProperty()
  messagesOut!: number;
  @ApiProperty()
  tokensIn!: number;
  @ApiProperty()
  tokensOut!: number;
  @ApiProperty()
  inferenceMs!: number;
}

export class UsageDayView extends UsageTotalsView {
  @ApiProperty({ example: '2025-01-31' })
  day!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null: usage not tied to a channel' })
  channelId!: string | null;
}

export class UsageReportView {
  @ApiProperty()
  from!: string;
  @ApiProperty()
  to!: string;
  @ApiProperty({ type: [UsageDayView] })
  items!: UsageDayView[];
  @ApiProperty({ type: UsageTotalsView })
  totals!: UsageTotalsView;
}

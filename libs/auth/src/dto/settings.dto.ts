import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const QUOTA_MAX = 2_000_000_000;

export class UpdateSettingsDto {
  @ApiPropertyOptional({ description: 'Name of the workspace (the business)', maxLength: 200 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Replies per day before the quota fallback reply is used (null: unlimited)',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(0)
  @Max(QUOTA_MAX)
  dailyMessageQuota?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Model tokens per day (null: unlimited)',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(0)
  @Max(QUOTA_MAX)
  dailyTokenQuota?: number | null;
}

export class SettingsView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: Number, nullable: true })
  dailyMessageQuota!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  dailyTokenQuota!: number | null;
  @ApiProperty()
  createdAt!: Date;
}

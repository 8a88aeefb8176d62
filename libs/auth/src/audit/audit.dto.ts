import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../page';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Exact action, e.g. assistant.publish; or a prefix ending with a dot: channel.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_]+(\.[a-z_]*)?$/, { message: 'action must look like resource.verb or resource.' })
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;
}

export class AuditActorView {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] })
  type!: 'user' | 'api_key' | 'system';
  @ApiProperty({ type: String, nullable: true })
  userId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true })
  apiKeyId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  apiKeyName!: string | null;
}

export class AuditEntryView {
  @ApiProperty()
  id!: string;
  @ApiProperty()
  action!: string;
  @ApiProperty({ type: String, nullable: true })
  targetType!: string | null;
  @ApiProperty({ type: String, nullable: true })
  targetId!: string | null;
  @ApiProperty({ type: AuditActorView })
  actor!: AuditActorView;
  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;
  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;
  @ApiProperty({ type: Object })
  details!: Record<string, unknown>;
  @ApiProperty()
  createdAt!: Date;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] })
  items!: AuditEntryView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

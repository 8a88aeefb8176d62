import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@cria/auth';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ContactListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  channelId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the name or of the platform id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only contacts who opted out (true) or not (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  optedOut?: boolean;
}

export class UpdateContactDto {
  @ApiPropertyOptional({ description: 'True: no more automated messages to this contact' })
  @IsOptional()
  @IsBoolean()
  optedOut?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  channelId!: string;
  @ApiProperty({ enum: ['whatsapp', 'messenger', 'instagram'] })
  channelType!: string;
  @ApiProperty({ description: 'wa_id, PSID or IGSID' })
  externalId!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty()
  optedOut!: boolean;
  @ApiProperty({ type: Date, nullable: true })
  optedOutAt!: Date | null;
  @ApiProperty()
  conversations!: number;
  @ApiProperty({ type: Date, nullable: true })
  lastMessageAt!: Date | null;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}

export class ContactPageView {
  @ApiProperty({ type: [ContactView] })
  items!: ContactView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../roles';
import { PASSWORD_MAX, PASSWORD_MIN, normalizeEmail } from './auth.dto';

export class InviteMemberDto {
  @ApiProperty({ maxLength: 320 })
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token of the invitation link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({
    description: 'New account: the password to set. Existing account: its current password.',
    minLength: PASSWORD_MIN,
    maxLength: PASSWORD_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
  @ApiProperty()
  email!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ enum: ROLES })
  role!: Role;
  @ApiProperty()
  joinedAt!: Date;
}

export class MemberPageView {
  @ApiProperty({ type: [MemberView] })
  items!: MemberView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  email!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
  @ApiProperty({ type: String, nullable: true })
  invitedBy!: string | null;
  @ApiProperty()
  expiresAt!: Date;
  @ApiProperty()
  createdAt!: Date;
}

export class InvitationPageView {
  @ApiProperty({ type: [InvitationView] })
  items!: InvitationView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

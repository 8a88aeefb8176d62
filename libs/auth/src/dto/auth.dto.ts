import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

/** Emails are compared lower-case and trimmed (the users table enforces lower case). */
export const normalizeEmail = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

export class SignupDto {
  @ApiProperty({ example: 'owner@example.com', maxLength: 320 })
  @Transform(normalizeEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiProperty({ description: 'Name of the business (the new workspace)', maxLength: 200 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organization!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class LoginDto {
  @ApiProperty({ maxLength: 320 })
  @Transform(normalizeEmail)
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  email!: string;

  @ApiProperty({ maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Workspace to sign in to, for members of several (default: the first one joined)',
  })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'The session’s refresh token (or send the access token as Bearer)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  newPassword!: string;
}

export class SessionTokensView {
  @ApiProperty({ description: 'JWT, valid 15 minutes' })
  accessToken!: string;
  @ApiProperty({ description: 'Single-use; exchange it at POST /api/auth/refresh' })
  refreshToken!: string;
}

export class TenantView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
}

export class SignupView extends SessionTokensView {
  @ApiProperty({ type: TenantView })
  tenant!: TenantView;
}

export class MeUserView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  email!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
}

export class MeApiKeyView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
}

export class MembershipSummaryView {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;
  @ApiProperty()
  tenantName!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'agent'] })
  role!: string;
}

export class MeView {
  @ApiProperty({ type: MeUserView, nullable: true, description: 'Null when an API key is used' })
  user!: MeUserView | null;
  @ApiProperty({ type: MeApiKeyView, nullable: true })
  apiKey!: MeApiKeyView | null;
  @ApiProperty({ type: TenantView })
  tenant!: TenantView;
  @ApiProperty({ enum: ['owner', 'admin', 'agent'] })
  role!: string;
  @ApiProperty({ type: [MembershipSummaryView], description: 'Every workspace this user belongs to' })
  memberships!: MembershipSummaryView[];
}

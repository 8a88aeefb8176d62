import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { AuthService } from './accounts/auth.service';
import { SettingsService } from './accounts/settings.service';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuditService } from './audit/audit.service';
import { ApiKey } from './entities/api-key.entity';
import { AuditLog } from './entities/audit-log.entity';
import { Invitation } from './entities/invitation.entity';
import { Membership } from './entities/membership.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { AuthenticationGuard } from './guards/authentication.guard';
import { LocalAuthGuard } from './guards/local-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { InvitationService } from './members/invitation.service';
import { MemberService } from './members/member.service';
import { JwtStrategy } from './strategies/jwt.strategy';
import { LocalStrategy } from './strategies/local.strategy';
import { RateLimits } from './throttle/rate-limits.service';
import { ACCESS_TOKEN_TTL_SECONDS, JWT_AUDIENCE, JWT_ISSUER, SessionService } from './tokens/session.service';

const SERVICES = [
  AuthService,
  SessionService,
  InvitationService,
  MemberService,
  ApiKeyService,
  AuditService,
  SettingsService,
];

/**
 * Identity for the admin API: accounts and sessions (passport-local, passport-jwt, rotating refresh
 * tokens), API keys, members and invitations, roles, the audit log. Modules whose controllers use
 * `@Authenticated()` import this module (the guards resolve their dependencies from it).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, Membership, RefreshToken, ApiKey, Invitation, AuditLog]),
    PassportModule.register({ session: false }),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
        },
      }),
    }),
  ],
  providers: [
    ...SERVICES,
    RateLimits,
    LocalStrategy,
    JwtStrategy,
    AuthenticationGuard,
    RolesGuard,
    LocalAuthGuard,
  ],
  exports: [...SERVICES, RateLimits, AuthenticationGuard, RolesGuard, LocalAuthGuard],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { ApiKeysController } from './api-keys.controller';
import { AuditLogController } from './audit-log.controller';
import { AuthController } from './auth.controller';
import { MembersController } from './members.controller';
import { SettingsController } from './settings.controller';

/** /api/auth, /api/members, /api/api-keys, /api/audit-log, /api/settings. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, MembersController, ApiKeysController, AuditLogController, SettingsController],
})
export class AccountsModule {}

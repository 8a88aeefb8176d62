import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { ConversationsAdminModule } from '@cria/conversations';
import { UsageController } from './usage.controller';

/** /api/usage. */
@Module({
  imports: [AuthModule, ConversationsAdminModule],
  controllers: [UsageController],
})
export class UsageModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { ConversationsAdminModule } from '@cria/conversations';
import { ChannelsController } from './channels.controller';

/** /api/channels. */
@Module({
  imports: [AuthModule, ConversationsAdminModule],
  controllers: [ChannelsController],
})
export class ChannelsApiModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { ConversationsAdminModule } from '@cria/conversations';
import { InboxEventsModule } from '@cria/queue';
import { ContactsController } from './contacts.controller';
import { ConversationsController } from './conversations.controller';
import { InboxStreamController } from './inbox-stream.controller';
import { InboxStreamService } from './inbox-stream.service';

/** The inbox of agents and admins: /api/conversations, /api/contacts, /api/inbox/stream. */
@Module({
  imports: [AuthModule, ConversationsAdminModule, InboxEventsModule],
  controllers: [ConversationsController, ContactsController, InboxStreamController],
  providers: [InboxStreamService],
})
export class InboxModule {}

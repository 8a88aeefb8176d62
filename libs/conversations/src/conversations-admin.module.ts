import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssistantsModule } from '@cria/assistants';
import { InboxEventsModule } from '@cria/queue';
import { ChannelAdminService } from './channel-admin.service';
import { ChannelConnectionService } from './channel-connection.service';
import { ContactService } from './contact.service';
import { ConversationAdminService } from './conversation-admin.service';
import { ConversationReplyService } from './conversation-reply.service';
import { ConversationStateService } from './conversation-state.service';
import { ConversationsModule } from './conversations.module';
import { UsageDaily } from './usage.entity';
import { UsageService } from './usage.service';

const SERVICES = [
  ChannelAdminService,
  ChannelConnectionService,
  ConversationAdminService,
  ConversationStateService,
  ConversationReplyService,
  ContactService,
  UsageService,
];

/**
 * The admin side of conversations (channels, the inbox, contacts, usage reports), kept apart from
 * ConversationsModule so the worker does not pull in the admin services. Needs the global QueueModule
 * (outbound queue). Writers of usage use `recordUsage(manager, …)` inside their own transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UsageDaily]), ConversationsModule, AssistantsModule, InboxEventsModule],
  providers: SERVICES,
  exports: [...SERVICES, ConversationsModule],
})
export class ConversationsAdminModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEventsModule } from '@cria/queue';
import { Channel } from './channel.entity';
import { ChannelSecretsService } from './channel-secrets.service';
import { Contact } from './contact.entity';
import { Conversation } from './conversation.entity';
import { InboundEventRecord } from './inbound-event.entity';
import { Message } from './message.entity';
import { ConversationStore } from './inbound/conversation-store.service';
import { InboundEventHandler } from './inbound/inbound-event-handler.service';
import { StatusUpdater } from './inbound/status-updater.service';
import { WebhookIngestService } from './inbound/webhook-ingest.service';
import { GraphSenders } from './outbound/graph-senders.service';
import { OutboundSender } from './outbound/outbound-sender.service';

/**
 * Where customers talk to the business: the connected channels, contacts, conversations, messages and the
 * inbound events they come from. (Channel *protocol* code — parsing, signatures, Graph calls — is
 * libs/channels, which has no database access.)
 */
@Module({
  imports: [
    InboxEventsModule,
    TypeOrmModule.forFeature([Channel, Contact, Conversation, Message, InboundEventRecord]),
  ],
  providers: [
    ChannelSecretsService,
    WebhookIngestService,
    ConversationStore,
    StatusUpdater,
    InboundEventHandler,
    GraphSenders,
    OutboundSender,
  ],
  exports: [
    TypeOrmModule,
    ChannelSecretsService,
    WebhookIngestService,
    ConversationStore,
    StatusUpdater,
    InboundEventHandler,
    GraphSenders,
    OutboundSender,
  ],
})
export class ConversationsModule {}

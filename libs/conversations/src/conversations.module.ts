import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Channel } from './channel.entity';
import { ChannelSecretsService } from './channel-secrets.service';
import { Contact } from './contact.entity';
import { Conversation } from './conversation.entity';
import { InboundEvent } from './inbound-event.entity';
import { Message } from './message.entity';

/**
 * Where customers talk to the business: the connected channels, contacts, conversations, messages and the
 * inbound events they come from. (Channel *protocol* code — parsing, signatures, Graph calls — is
 * libs/channels, which has no database access.)
 */
@Module({
  imports: [TypeOrmModule.forFeature([Channel, Contact, Conversation, Message, InboundEvent])],
  providers: [ChannelSecretsService],
  exports: [TypeOrmModule, ChannelSecretsService],
})
export class ConversationsModule {}

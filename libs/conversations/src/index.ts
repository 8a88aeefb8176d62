export * from './channel.entity';
export * from './contact.entity';
export * from './conversation.entity';
export * from './message.entity';
export * from './inbound-event.entity';
export * from './channel-secrets.service';
export * from './conversations.module';

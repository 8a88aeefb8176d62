import type { ChannelType } from '../channel-type';
import type { GraphApiClient } from '../graph/graph-api.client';
import { InstagramSender } from '../instagram/instagram.sender';
import { MessengerSender } from '../messenger/messenger.sender';
import { WhatsAppSender } from '../whatsapp/whatsapp.sender';
import type { ChannelSender } from './outbound-message';

/** One sender per channel type, sharing the client's connection pool. */
export function createChannelSenders(client: GraphApiClient): Readonly<Record<ChannelType, ChannelSender>> {
  return {
    whatsapp: new WhatsAppSender(client),
    messenger: new MessengerSender(client),
    instagram: new InstagramSender(client),
  };
}

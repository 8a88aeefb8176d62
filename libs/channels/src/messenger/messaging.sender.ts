import { compact, obj, text } from '../events/json';
import type { GraphApiClient } from '../graph/graph-api.client';
import type {
  ChannelAccountInfo,
  ChannelSender,
  ChannelTarget,
  OutboundMessage,
  SendOptions,
  SendResult,
} from '../outbound/outbound-message';
import { sendInOrder, unexpectedResponse } from '../outbound/send-sequence';
import { messagingBodies, senderActionBody } from './messaging.payloads';
import type { MessagingChannel } from './messaging.parser';

/** Send API shared by Messenger (`/{page_id}/messages`) and Instagram (`/{instagram_account_id}/messages`). */
export abstract class MessagingSender implements ChannelSender {
  abstract readonly channel: MessagingChannel;
  /** Fields read by {@link getAccount}. */
  protected abstract readonly accountFields: string;

  constructor(private readonly client: GraphApiClient) {}

  async send(
    target: ChannelTarget,
    recipientId: string,
    message: OutboundMessage,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const bodies = messagingBodies(this.channel, recipientId, message, options);
    const messageIds = await sendInOrder(bodies, async (body) => {
      const answer = await this.client.post(
        [target.externalId, 'messages'],
        body,
        target.accessToken,
        options,
      );
      const id = text(obj(answer)?.message_id);
      if (id === undefined) throw unexpectedResponse('message_id');
      return id;
    });
    return { messageIds };
  }

  async markRead(
    target: ChannelTarget,
    input: { recipientId: string },
    options: SendOptions = {},
  ): Promise<void> {
    await this.client.post(
      [target.externalId, 'messages'],
      senderActionBody(input.recipientId, 'mark_seen'),
      target.accessToken,
      options,
    );
  }

  async showTyping(
    target: ChannelTarget,
    input: { recipientId: string },
    options: SendOptions = {},
  ): Promise<void> {
    await this.client.post(
      [target.externalId, 'messages'],
      senderActionBody(input.recipientId, 'typing_on'),
      target.accessToken,
      options,
    );
  }

  async getAccount(target: ChannelTarget, options: SendOptions = {}): Promise<ChannelAccountInfo> {
    const answer = obj(
      await this.client.get([target.externalId], target.accessToken, {
        ...options,
        query: { fields: this.accountFields },
      }),
    );
    const id = text(answer?.id);
    if (id === undefined) throw unexpectedResponse('id');
    return compact({ id, name: text(answer?.name), username: text(answer?.username) });
  }
}

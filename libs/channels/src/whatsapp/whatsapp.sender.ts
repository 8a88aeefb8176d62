import { arr, compact, obj, text } from '../events/json';
import type { GraphApiClient } from '../graph/graph-api.client';
import type {
  ChannelAccountInfo,
  ChannelSender,
  ChannelTarget,
  OutboundMessage,
  SendOptions,
  SendResult,
} from '../outbound/outbound-message';
import { OutboundValidationError } from '../outbound/outbound-limits';
import { sendInOrder, unexpectedResponse } from '../outbound/send-sequence';
import { markReadBody, whatsappBodies } from './whatsapp.payloads';

/**
 * WhatsApp Cloud API sends: `POST {graphUrl}/{version}/{phone_number_id}/messages`. Limits are checked
 * before any call; long texts go out as several messages at paragraph/sentence/word boundaries.
 */
export class WhatsAppSender implements ChannelSender {
  readonly channel = 'whatsapp' as const;

  constructor(private readonly client: GraphApiClient) {}

  async send(
    target: ChannelTarget,
    to: string,
    message: OutboundMessage,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const bodies = whatsappBodies(to, message);
    const messageIds = await sendInOrder(bodies, async (body) => {
      const answer = await this.client.post(
        [target.externalId, 'messages'],
        body,
        target.accessToken,
        options,
      );
      const id = text(obj(arr(obj(answer)?.messages)[0])?.id);
      if (id === undefined) throw unexpectedResponse('messages[0].id');
      return id;
    });
    return { messageIds };
  }

  async markRead(
    target: ChannelTarget,
    input: { recipientId: string; messageId?: string },
    options: SendOptions = {},
  ): Promise<void> {
    await this.client.post(
      [target.externalId, 'messages'],
      markReadBody(this.messageId(input), false),
      target.accessToken,
      options,
    );
  }

  async showTyping(
    target: ChannelTarget,
    input: { recipientId: string; messageId?: string },
    options: SendOptions = {},
  ): Promise<void> {
    await this.client.post(
      [target.externalId, 'messages'],
      markReadBody(this.messageId(input), true),
      target.accessToken,
      options,
    );
  }

  async getAccount(target: ChannelTarget, options: SendOptions = {}): Promise<ChannelAccountInfo> {
    const answer = obj(
      await this.client.get([target.externalId], target.accessToken, {
        ...options,
        query: { fields: 'id,display_phone_number,verified_name' },
      }),
    );
    const id = text(answer?.id);
    if (id === undefined) throw unexpectedResponse('id');
    return compact({
      id,
      name: text(answer?.verified_name),
      displayPhoneNumber: text(answer?.display_phone_number),
    });
  }

  private messageId(input: { messageId?: string }): string {
    if (!input.messageId)
      throw new OutboundValidationError('marking read needs the inbound message id (wamid)', 'whatsapp');
    return input.messageId;
  }
}

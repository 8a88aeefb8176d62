import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  GraphApiClient,
  createChannelSenders,
  createSendRateLimiters,
  type ChannelSender,
  type ChannelType,
  type SendRateLimiter,
} from '@cria/channels';
import { APP_CONFIG, type AppConfig } from '@cria/core';

/**
 * One Graph API client per process (one keep-alive pool to Meta), the senders on it, and the per-channel
 * send pacing (default 80/s for a WhatsApp number) so bursts do not trip Meta's 130429.
 */
@Injectable()
export class GraphSenders implements OnModuleDestroy {
  readonly client: GraphApiClient;
  private readonly senders: Readonly<Record<ChannelType, ChannelSender>>;
  private readonly limiters: Readonly<Record<ChannelType, SendRateLimiter>>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new GraphApiClient({
      graphUrl: config.meta.graphUrl,
      graphVersion: config.meta.graphVersion,
      timeoutMs: 15_000,
    });
    this.senders = createChannelSenders(this.client);
    this.limiters = createSendRateLimiters();
  }

  sender(type: ChannelType): ChannelSender {
    return this.senders[type];
  }

  /** Waits for this channel's next send slot. Per process: each worker paces its own share. */
  acquire(type: ChannelType, channelId: string): Promise<void> {
    return this.limiters[type].acquire(channelId);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }
}

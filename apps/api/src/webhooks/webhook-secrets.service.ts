import { Inject, Injectable } from '@nestjs/common';
import type { ChannelType } from '@cria/channels';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { ChannelSecretsService, WebhookIngestService, type ChannelRoute } from '@cria/conversations';

/** Where each webhook endpoint's app secret and verify token come from. */
@Injectable()
export class WebhookSecretsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: WebhookIngestService,
    private readonly channelSecrets: ChannelSecretsService,
  ) {}

  platform(): { appSecret?: string; verifyToken?: string } {
    return { appSecret: this.config.meta.appSecret, verifyToken: this.config.meta.verifyToken };
  }

  /** A tenant's own-app channel: its verify token, and its app secret opened in memory for this request. */
  async channel(
    type: ChannelType,
    channelId: string,
  ): Promise<{ id: string; verifyToken: string; appSecret?: string; route: ChannelRoute } | undefined> {
    const row = await this.ingest.channelById(type, channelId);
    if (!row) return undefined;
    const { verifyToken, credentials, ...route } = row;
    return {
      id: row.id,
      verifyToken,
      appSecret: this.channelSecrets.open({ id: row.id, credentials }).appSecret,
      route,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, SecretBox, channelCredentialsAad, type AppConfig } from '@cria/core';
import type { Channel, ChannelSecrets } from './channel.entity';

/** Seals and opens channel credentials; plaintext exists only in memory for the duration of a call. */
@Injectable()
export class ChannelSecretsService {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(config.encryptionKeys);
  }

  seal(channelId: string, secrets: ChannelSecrets): string {
    return this.box.encrypt(JSON.stringify(secrets), channelCredentialsAad(channelId));
  }

  open(channel: Pick<Channel, 'id' | 'credentials'>): ChannelSecrets {
    return JSON.parse(
      this.box.decrypt(channel.credentials, channelCredentialsAad(channel.id)),
    ) as ChannelSecrets;
  }

  /** True when the channel's credentials were sealed with a key that is no longer the current one. */
  needsRotation(channel: Pick<Channel, 'credentials'>): boolean {
    return this.box.needsRotation(channel.credentials);
  }
}

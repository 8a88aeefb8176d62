import { Controller, Get, Header, Logger, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isChannelType, verifySubscription, type ChannelType } from '@cria/channels';
import { ForbiddenException, NotFoundException } from '@cria/core';
import { WebhookSecretsService } from './webhook-secrets.service';

function channelType(value: string): ChannelType {
  if (!isChannelType(value)) throw new NotFoundException('Webhook endpoint');
  return value;
}

/**
 * Meta's webhook verification handshake (GET). `/webhooks/:type` serves the platform's own Meta app;
 * `/webhooks/:type/:channelId` a tenant's own app (that channel's verify token). The events themselves (POST)
 * are received before the framework, by WebhookReceiver.
 */
@ApiExcludeController()
@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger(WebhooksController.name);

  constructor(private readonly secrets: WebhookSecretsService) {}

  @Get(':type')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verifyPlatform(@Param('type') type: string, @Query() query: Record<string, unknown>): string {
    return this.handshake(channelType(type), query, this.secrets.platform().verifyToken);
  }

  @Get(':type/:channelId')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async verifyChannel(
    @Param('type') type: string,
    @Param('channelId') channelId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<string> {
    const channel = await this.secrets.channel(channelType(type), channelId);
    return this.handshake(channelType(type), query, channel?.verifyToken);
  }

  private handshake(type: ChannelType, query: Record<string, unknown>, expected: string | undefined): string {
    const result = expected ? verifySubscription(query, expected) : { ok: false as const };
    if (!result.ok) {
      this.logger.warn({ channel: type, configured: Boolean(expected) }, 'webhook verification refused');
      throw new ForbiddenException('Verification failed');
    }
    return result.challenge;
  }
}

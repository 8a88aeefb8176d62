import { Controller, Get, Header, HttpCode, Logger, Param, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CHANNEL_TYPES,
  SIGNATURE_HEADER,
  parseWebhook,
  verifySignature,
  verifySubscription,
  type ChannelType,
} from '@cria/channels';
import {
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
  ValidationException,
} from '@cria/core';
import type { IngestResult } from '@cria/conversations';
import { WebhookSecretsService } from './webhook-secrets.service';
import { WebhookIngestService } from '@cria/conversations';

function channelType(value: string): ChannelType {
  if (!(CHANNEL_TYPES as readonly string[]).includes(value)) throw new NotFoundException('Webhook endpoint');
  return value as ChannelType;
}

/**
 * Meta's webhooks: GET is the verification handshake, POST delivers events. `/webhooks/:type` serves the
 * platform's own Meta app; `/webhooks/:type/:channelId` a tenant's own app (that channel's secret and token).
 */
@ApiExcludeController()
@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger(WebhooksController.name);

  constructor(
    private readonly secrets: WebhookSecretsService,
    private readonly ingest: WebhookIngestService,
  ) {}

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

  @Post(':type')
  @HttpCode(200)
  async receivePlatform(@Param('type') type: string, @Req() req: Request): Promise<IngestResult> {
    const kind = channelType(type);
    this.checkSignature(kind, req, this.secrets.platform().appSecret, 'platform app');
    return this.ingest.ingest(kind, this.parse(kind, req));
  }

  @Post(':type/:channelId')
  @HttpCode(200)
  async receiveChannel(
    @Param('type') type: string,
    @Param('channelId') channelId: string,
    @Req() req: Request,
  ): Promise<IngestResult> {
    const kind = channelType(type);
    const channel = await this.secrets.channel(kind, channelId);
    this.checkSignature(kind, req, channel?.appSecret, channel ? `channel ${channel.id}` : 'unknown channel');
    return this.ingest.ingest(kind, this.parse(kind, req), channel?.route);
  }

  private handshake(type: ChannelType, query: Record<string, unknown>, expected: string | undefined): string {
    const result = expected ? verifySubscription(query, expected) : { ok: false as const };
    if (!result.ok) {
      this.logger.warn({ channel: type, configured: Boolean(expected) }, 'webhook verification refused');
      throw new ForbiddenException('Verification failed');
    }
    return result.challenge;
  }

  private checkSignature(type: ChannelType, req: Request, secret: string | undefined, source: string): void {
    if (!secret) {
      this.logger.warn(
        { channel: type, source, ip: req.ip },
        'webhook refused: no app secret configured for this endpoint',
      );
      throw new UnauthorizedException('Invalid signature');
    }
    const header = req.headers[SIGNATURE_HEADER];
    const result = verifySignature(this.body(req), typeof header === 'string' ? header : undefined, secret);
    if (!result.ok) {
      this.logger.warn(
        { channel: type, source, reason: result.reason, ip: req.ip },
        'webhook refused: bad signature',
      );
      throw new UnauthorizedException('Invalid signature');
    }
  }

  private parse(type: ChannelType, req: Request) {
    const result = parseWebhook(type, this.body(req));
    const invalid = result.problems.find((p) => p.code === 'invalid_json');
    if (invalid) {
      this.logger.warn({ channel: type, reason: invalid.message }, 'webhook refused: body is not JSON');
      throw new ValidationException('Request body is not valid JSON');
    }
    if (result.problems.length)
      this.logger.warn({ channel: type, problems: result.problems }, 'webhook body partly unreadable');
    return result.events;
  }

  private body(req: Request): Buffer {
    return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  }
}

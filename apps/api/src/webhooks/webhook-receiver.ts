import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import {
  SIGNATURE_HEADER,
  isChannelType,
  parseWebhook,
  verifySignature,
  type ChannelType,
  type InboundEvent,
} from '@cria/channels';
import {
  NotFoundException,
  UnauthorizedException,
  ValidationException,
  errorBody,
  requestId,
} from '@cria/core';
import { WebhookIngestService, type IngestResult } from '@cria/conversations';
import { BODY_LIMIT } from '../body-parsers';
import { httpRequestDuration } from '../metrics/http-duration';
import { readBody } from './read-body';
import { WebhookSecretsService } from './webhook-secrets.service';

/** A webhook post: `/webhooks/:type` (the platform's Meta app) or `/webhooks/:type/:channelId` (a tenant's own). */
export interface WebhookPost {
  type: string;
  channelId?: string;
}

const POST_PATH = /^\/webhooks\/([^/?#]+)(?:\/([^/?#]+))?\/?(?:\?.*)?$/;

/** The webhook post a request is, if it is one (any other request goes on to the framework). */
export function webhookPost(req: IncomingMessage): WebhookPost | undefined {
  if (req.method !== 'POST') return undefined;
  const match = POST_PATH.exec(req.url ?? '');
  if (!match) return undefined;
  try {
    return { type: decodeURIComponent(match[1]), channelId: match[2] && decodeURIComponent(match[2]) };
  } catch {
    return { type: '' }; // undecodable: answered as an unknown endpoint
  }
}

/**
 * Receives Meta's webhook posts on the bare Node request, before Express and Nest: the signature is checked
 * over the exact bytes received, the body parsed into events, and the events stored (and enqueued) before
 * the answer. This is the one endpoint Meta may call hundreds of times a second; the framework's per-request
 * work (router, body parser, middleware chain, request logger) cost it more than half of its throughput in
 * the channels benchmark (README). Answers have the same shapes and status codes as the rest of the API,
 * refusals are logged with their reason, and durations go to the same metric as every other route.
 */
@Injectable()
export class WebhookReceiver {
  private readonly logger = new Logger(WebhookReceiver.name);

  constructor(
    private readonly secrets: WebhookSecretsService,
    private readonly ingest: WebhookIngestService,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, post: WebhookPost): void {
    const endTimer = httpRequestDuration.startTimer();
    const id = requestId(req, res);
    this.receive(req, post, id).then(
      (result) => this.answer(res, 200, result),
      (error: unknown) => {
        if (res.destroyed) return; // the client went away mid-body: nothing to answer, nothing stored
        const body = errorBody(error, req, this.logger);
        this.answer(res, body.statusCode, body, body.statusCode === 413 || body.statusCode === 415);
      },
    );
    res.once('finish', () =>
      endTimer({
        method: 'POST',
        route: post.channelId === undefined ? '/webhooks/:type' : '/webhooks/:type/:channelId',
        status: String(res.statusCode),
      }),
    );
  }

  private async receive(req: IncomingMessage, post: WebhookPost, id: string): Promise<IngestResult> {
    const type = post.type;
    if (!isChannelType(type)) throw new NotFoundException('Webhook endpoint');
    const context = { channel: type, requestId: id, ip: req.socket.remoteAddress };
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ ...context, reason }, 'webhook refused: body not read');
      throw error;
    }
    if (post.channelId === undefined) {
      this.checkSignature(req, body, this.secrets.platform().appSecret, {
        ...context,
        source: 'platform app',
      });
      return this.ingest.ingest(type, this.parse(body, context));
    }
    const channel = await this.secrets.channel(type, post.channelId);
    this.checkSignature(req, body, channel?.appSecret, {
      ...context,
      source: channel ? `channel ${channel.id}` : 'unknown channel',
    });
    return this.ingest.ingest(type, this.parse(body, context), channel?.route);
  }

  private checkSignature(
    req: IncomingMessage,
    body: Buffer,
    secret: string | undefined,
    context: Record<string, unknown>,
  ): void {
    if (!secret) {
      this.logger.warn(context, 'webhook refused: no app secret configured for this endpoint');
      throw new UnauthorizedException('Invalid signature');
    }
    const header = req.headers[SIGNATURE_HEADER];
    const result = verifySignature(body, typeof header === 'string' ? header : undefined, secret);
    if (!result.ok) {
      this.logger.warn({ ...context, reason: result.reason }, 'webhook refused: bad signature');
      throw new UnauthorizedException('Invalid signature');
    }
  }

  private parse(body: Buffer, context: { channel: ChannelType }): InboundEvent[] {
    const result = parseWebhook(context.channel, body);
    const invalid = result.problems.find((p) => p.code === 'invalid_json');
    if (invalid) {
      this.logger.warn({ ...context, reason: invalid.message }, 'webhook refused: body is not JSON');
      throw new ValidationException('Request body is not valid JSON');
    }
    if (result.problems.length)
      this.logger.warn({ ...context, problems: result.problems }, 'webhook body partly unreadable');
    return result.events;
  }

  private answer(res: ServerResponse, status: number, body: unknown, close = false): void {
    if (res.headersSent) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      ...(close ? { Connection: 'close' } : {}),
    });
    res.end(json);
  }
}

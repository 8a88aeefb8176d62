import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '@cria/auth';
import { InboxEventBus, type InboxEvent } from '@cria/queue';

/** SSE comments keep proxies and browsers from dropping an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 3_000;

/**
 * Server-sent events of one tenant's inbox (from the InboxEventBus, so events published by any process
 * arrive). A stream opened with an access token ends when the token expires: EventSource reconnects,
 * and the client brings a fresh token.
 */
@Injectable()
export class InboxStreamService implements OnModuleDestroy {
  private readonly logger = new Logger(InboxStreamService.name);
  private readonly open = new Set<() => void>();

  constructor(private readonly bus: InboxEventBus) {}

  async stream(actor: Actor, request: Request, response: Response): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: ${RETRY_MS}\n: connected ${new Date().toISOString()}\n\n`);

    const unsubscribe = await this.bus.subscribe(actor.tenantId, (event: InboxEvent) => {
      response.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const timers: NodeJS.Timeout[] = [
      setInterval(() => response.write(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS),
    ];
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      for (const timer of timers) clearTimeout(timer);
      this.open.delete(end);
      unsubscribe().catch((error: unknown) => this.logger.debug({ err: error }, 'inbox unsubscribe failed'));
      if (!response.writableEnded) response.end();
    };
    if (actor.expiresAt) timers.push(setTimeout(end, Math.max(0, actor.expiresAt.getTime() - Date.now())));
    this.open.add(end);
    request.on('close', end);
  }

  /** Ends every open stream so the HTTP server can close. */
  onModuleDestroy(): void {
    for (const end of [...this.open]) end();
  }
}

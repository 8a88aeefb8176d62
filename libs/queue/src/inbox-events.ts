import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { createRedis, redisOptions } from './redis';

export type InboxEventType =
  'conversation.created' | 'conversation.updated' | 'message.created' | 'message.updated';

/** What the admin panel's live inbox hears about: enough to know what to re-fetch, nothing more. */
export interface InboxEvent {
  type: InboxEventType;
  conversationId: string;
  messageId?: string;
  /** ISO time of the change. */
  at: string;
}

export type InboxEventHandler = (event: InboxEvent) => void;

const TYPES = new Set<string>([
  'conversation.created',
  'conversation.updated',
  'message.created',
  'message.updated',
]);
const PUBLISH_TIMEOUT_MS = 1_000;

/** The Redis pub/sub channel of one tenant's inbox events. */
export function inboxChannel(redisPrefix: string, tenantId: string): string {
  return `${redisPrefix}:inbox:${tenantId}`;
}

function parseEvent(text: string): InboxEvent | null {
  try {
    const value = JSON.parse(text) as Partial<InboxEvent>;
    if (typeof value.type !== 'string' || !TYPES.has(value.type) || typeof value.conversationId !== 'string')
      return null;
    return {
      type: value.type,
      conversationId: value.conversationId,
      ...(typeof value.messageId === 'string' ? { messageId: value.messageId } : {}),
      at: typeof value.at === 'string' ? value.at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

/**
 * Live inbox events over Redis pub/sub, one channel per tenant (`<REDIS_PREFIX>:inbox:<tenantId>`), so
 * an event published by any worker or api process reaches every api process streaming that tenant's
 * inbox. Best effort by design: the inbox re-reads Postgres, so a lost event only delays a refresh;
 * `publish` never throws into the caller's work.
 */
@Injectable()
export class InboxEventBus implements OnApplicationShutdown {
  private readonly logger = new Logger(InboxEventBus.name);
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly handlers = new Map<string, Set<InboxEventHandler>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async publish(tenantId: string, event: Omit<InboxEvent, 'at'> & { at?: string }): Promise<void> {
    const payload: InboxEvent = { ...event, at: event.at ?? new Date().toISOString() };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.publisherConnection().publish(
          inboxChannel(this.config.redisPrefix, tenantId),
          JSON.stringify(payload),
        ),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer from Redis within ${PUBLISH_TIMEOUT_MS} ms`)),
            PUBLISH_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      this.logger.warn({ err: error, tenantId, type: event.type }, 'inbox event not published');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls `handler` for each event of the tenant until the returned function is called. */
  async subscribe(tenantId: string, handler: InboxEventHandler): Promise<() => Promise<void>> {
    const channel = inboxChannel(this.config.redisPrefix, tenantId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler);
    if (set.size === 1) await this.subscriberConnection().subscribe(channel);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const current = this.handlers.get(channel);
      current?.delete(handler);
      if (current && current.size === 0) {
        this.handlers.delete(channel);
        await this.subscriber?.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  onApplicationShutdown(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
    this.handlers.clear();
  }

  private publisherConnection(): Redis {
    if (!this.publisher) {
      // Queue commands while (re)connecting; publish() bounds the wait itself.
      this.publisher = new Redis({
        ...redisOptions(this.config.redisUrl, 'producer'),
        enableOfflineQueue: true,
      });
      this.publisher.on('error', (error: Error) =>
        this.logger.debug({ err: error }, 'inbox publisher redis error'),
      );
    }
    return this.publisher;
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      // A subscriber connection only listens; it reconnects and re-subscribes by itself.
      this.subscriber = createRedis(this.config.redisUrl, 'worker');
      this.subscriber.on('error', (error: Error) =>
        this.logger.debug({ err: error }, 'inbox subscriber redis error'),
      );
      this.subscriber.on('message', (channel: string, message: string) => {
        const event = parseEvent(message);
        if (!event) return;
        for (const handler of this.handlers.get(channel) ?? []) {
          try {
            handler(event);
          } catch (error) {
            this.logger.warn({ err: error }, 'inbox event handler failed');
          }
        }
      });
    }
    return this.subscriber;
  }
}

/** Provides the InboxEventBus (the api streams it; the conversation engine publishes to it). */
@Module({ providers: [InboxEventBus], exports: [InboxEventBus] })
export class InboxEventsModule {}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { createRedis } from './redis';

/** What the worker sends back while a playground reply is generated. */
export type PlaygroundChunk =
  | { type: 'token'; text: string }
  | {
      type: 'done';
      messageId: string;
      text: string;
      tokensIn: number;
      tokensOut: number;
      ttftMs: number;
      totalMs: number;
    }
  | { type: 'error'; message: string };

/**
 * Streams a playground reply from the worker that generates it to the api process that holds the
 * browser's connection, over Redis pub/sub (one channel per request), so api and worker may run apart.
 */
@Injectable()
export class PlaygroundStream implements OnApplicationShutdown {
  private publisher: Redis | undefined;
  /** Publishes one after another: chunks must arrive in the order the model wrote them. */
  private last: Promise<unknown> = Promise.resolve();
  private readonly subscribers = new Set<Redis>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private channel(requestId: string): string {
    return `${this.config.redisPrefix}:playground:${requestId}`;
  }

  async publish(requestId: string, chunk: PlaygroundChunk): Promise<void> {
    const publisher = (this.publisher ??= createRedis(this.config.redisUrl, 'worker'));
    const next = this.last
      .catch(() => undefined)
      .then(() => publisher.publish(this.channel(requestId), JSON.stringify(chunk)));
    this.last = next;
    await next;
  }

  /** Resolves once subscribed (subscribe before enqueueing the job, or the first chunks are lost). */
  async subscribe(requestId: string, onChunk: (chunk: PlaygroundChunk) => void): Promise<() => void> {
    const subscriber = createRedis(this.config.redisUrl, 'worker');
    this.subscribers.add(subscriber);
    subscriber.on('message', (_channel: string, text: string) =>
      onChunk(JSON.parse(text) as PlaygroundChunk),
    );
    await subscriber.subscribe(this.channel(requestId));
    return () => {
      this.subscribers.delete(subscriber);
      subscriber.disconnect();
    };
  }

  onApplicationShutdown(): void {
    this.publisher?.disconnect();
    for (const subscriber of this.subscribers) subscriber.disconnect();
  }
}

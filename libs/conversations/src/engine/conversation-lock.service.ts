import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { createRedis } from '@cria/queue';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface ConversationLock {
  release(): Promise<void>;
}

/**
 * One turn at a time per conversation, across every worker. The lock expires by itself (and is renewed
 * while the turn runs), so a worker that dies mid-turn never blocks the conversation for long.
 */
@Injectable()
export class ConversationLocks implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl, 'worker');
    this.prefix = `${config.redisPrefix}:lock:conversation:`;
  }

  /** Undefined when another worker holds the conversation. */
  async acquire(conversationId: string, ttlMs = 10_000): Promise<ConversationLock | undefined> {
    const key = this.prefix + conversationId;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    const renew = setInterval(
      () => void this.redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined),
      ttlMs / 3,
    );
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  }

  /** Whether some worker is in a turn of this conversation (or died in one less than a lock's life ago). */
  async isHeld(conversationId: string): Promise<boolean> {
    return (await this.redis.exists(this.prefix + conversationId)) === 1;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

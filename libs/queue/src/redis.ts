import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis options for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands); producers get
 * a bounded retry so an HTTP request fails fast when Redis is away instead of hanging.
 */
export function redisOptions(url: string, role: 'producer' | 'worker'): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
}

export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  return new Redis(redisOptions(url, role));
}

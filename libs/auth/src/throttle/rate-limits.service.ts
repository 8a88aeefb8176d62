import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { createRedis } from '@cria/queue';
import { ThrottledException } from '../auth.exceptions';

interface LimitSpec {
  /** Redis key part: `<REDIS_PREFIX>:rl:<name>:<key>`. */
  name: string;
  points: number;
  durationSeconds: number;
  message: string;
}

/** Failed sign-ins per account (email): 5 per 15 minutes. */
export const LOGIN_ACCOUNT_LIMIT: LimitSpec = {
  name: 'login-account',
  points: 5,
  durationSeconds: 15 * 60,
  message: 'Too many failed sign-in attempts for this account',
};
/** Failed sign-ins per client IP: 20 per minute. */
export const LOGIN_IP_LIMIT: LimitSpec = {
  name: 'login-ip',
  points: 20,
  durationSeconds: 60,
  message: 'Too many failed sign-in attempts from this address',
};
/** New workspaces per client IP: 20 per hour. */
export const SIGNUP_IP_LIMIT: LimitSpec = {
  name: 'signup-ip',
  points: 20,
  durationSeconds: 3_600,
  message: 'Too many sign-ups from this address',
};
/** Requests per API key: 600 per minute. */
export const API_KEY_LIMIT: LimitSpec = {
  name: 'api-key',
  points: 600,
  durationSeconds: 60,
  message: 'Too many requests with this API key',
};

export type LimitName = 'loginAccount' | 'loginIp' | 'signupIp' | 'apiKey';
const SPECS: Record<LimitName, LimitSpec> = {
  loginAccount: LOGIN_ACCOUNT_LIMIT,
  loginIp: LOGIN_IP_LIMIT,
  signupIp: SIGNUP_IP_LIMIT,
  apiKey: API_KEY_LIMIT,
};

/**
 * Redis-backed counters (rate-limiter-flexible), so every api process shares them. When Redis is away, an
 * in-memory limiter with the same limits stands in (per process) rather than letting everything through.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimits.name);
  private readonly redis: Redis;
  private readonly limiters: Record<LimitName, RateLimiterRedis>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl, 'producer');
    this.redis.on('error', (error: Error) => this.logger.debug({ err: error }, 'rate-limit redis error'));
    const make = (spec: LimitSpec) => {
      const options = {
        keyPrefix: `${config.redisPrefix}:rl:${spec.name}`,
        points: spec.points,
        duration: spec.durationSeconds,
      };
      return new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.limiters = {
      loginAccount: make(SPECS.loginAccount),
      loginIp: make(SPECS.loginIp),
      signupIp: make(SPECS.signupIp),
      apiKey: make(SPECS.apiKey),
    };
  }

  /** Takes one point; throws a 429 (with Retry-After) when none is left. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new ThrottledException(
          SPECS[name].message,
          Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        );
      }
      throw rejection;
    }
  }

  /** Gives a point back (a sign-in that succeeded should not count against the address). */
  async reward(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].reward(key).catch(() => undefined);
  }

  /** Forgets a key's count (a successful sign-in clears the account's failures). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key).catch(() => false);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

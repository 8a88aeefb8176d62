import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelType } from './channel-type';

/** Paces sends per channel. In memory here; a Redis-backed one can replace it behind this interface. */
export interface SendRateLimiter {
  /** Resolves when one send for `channelId` may go out. */
  acquire(channelId: string): Promise<void>;
}

export interface RateLimit {
  /** Sustained sends per second. */
  ratePerSecond: number;
  /** Sends allowed at once after an idle period (default: one second's worth). */
  burst?: number;
}

/** Defaults: WhatsApp ~80 messages/s per number; Messenger ~300 calls/s per page; Instagram ~100/s. */
export const DEFAULT_SEND_RATES: Readonly<Record<ChannelType, RateLimit>> = {
  whatsapp: { ratePerSecond: 80 },
  messenger: { ratePerSecond: 250 },
  instagram: { ratePerSecond: 90 },
};

interface Bucket {
  /** Theoretical arrival time of the next send (GCRA), in ms. */
  next: number;
  interval: number;
  tolerance: number;
}

/**
 * Token bucket per channel id, as a generic cell rate algorithm: each acquire reserves the next slot,
 * so waiters are served in order and a burst is paced at exactly `ratePerSecond` after the first `burst`.
 */
export class TokenBucketRateLimiter implements SendRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly overrides = new Map<string, RateLimit>();
  private acquires = 0;

  constructor(
    private readonly defaults: RateLimit,
    private readonly clock: () => number = () => performance.now(),
  ) {
    validate(defaults);
  }

  /** Gives one channel its own rate (e.g. a WhatsApp number upgraded to higher throughput). */
  configure(channelId: string, limit: RateLimit): void {
    validate(limit);
    this.overrides.set(channelId, limit);
    this.buckets.delete(channelId);
  }

  async acquire(channelId: string): Promise<void> {
    const wait = this.reserve(channelId);
    if (wait > 0) await sleep(wait);
  }

  /** Reserves a slot and returns how long to wait for it, in ms (0 = now). */
  reserve(channelId: string): number {
    const now = this.clock();
    if (++this.acquires % 1024 === 0) this.sweep(now);
    let bucket = this.buckets.get(channelId);
    if (!bucket) {
      const limit = this.overrides.get(channelId) ?? this.defaults;
      const interval = 1000 / limit.ratePerSecond;
      const burst = limit.burst ?? Math.max(1, Math.floor(limit.ratePerSecond));
      bucket = { next: now, interval, tolerance: (burst - 1) * interval };
      this.buckets.set(channelId, bucket);
    }
    const start = Math.max(bucket.next, now);
    const wait = Math.max(0, start - bucket.tolerance - now);
    bucket.next = start + bucket.interval;
    return wait;
  }

  /** Forgets channels idle long enough to have a full bucket again. */
  private sweep(now: number): void {
    for (const [id, bucket] of this.buckets)
      if (bucket.next + bucket.tolerance < now) this.buckets.delete(id);
  }
}

function validate(limit: RateLimit): void {
  if (!(limit.ratePerSecond > 0) || !Number.isFinite(limit.ratePerSecond))
    throw new RangeError('ratePerSecond must be a positive number');
  if (limit.burst !== undefined && !(limit.burst >= 1)) throw new RangeError('burst must be at least 1');
}

/** One in-memory limiter per channel type, with {@link DEFAULT_SEND_RATES} unless overridden. */
export function createSendRateLimiters(
  rates: Partial<Record<ChannelType, RateLimit>> = {},
): Readonly<Record<ChannelType, TokenBucketRateLimiter>> {
  return {
    whatsapp: new TokenBucketRateLimiter(rates.whatsapp ?? DEFAULT_SEND_RATES.whatsapp),
    messenger: new TokenBucketRateLimiter(rates.messenger ?? DEFAULT_SEND_RATES.messenger),
    instagram: new TokenBucketRateLimiter(rates.instagram ?? DEFAULT_SEND_RATES.instagram),
  };
}

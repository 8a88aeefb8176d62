import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SEND_RATES, TokenBucketRateLimiter, createSendRateLimiters } from './rate-limiter';

test('a burst is let through up to the bucket size, then paced at the rate (virtual clock)', () => {
  let now = 0;
  const limiter = new TokenBucketRateLimiter({ ratePerSecond: 80, burst: 4 }, () => now);
  const waits = Array.from({ length: 8 }, () => limiter.reserve('wa-1'));
  assert.deepEqual(
    waits.map((w) => Math.round(w * 100) / 100),
    [0, 0, 0, 0, 12.5, 25, 37.5, 50],
  );
  // Another channel has its own bucket.
  assert.equal(limiter.reserve('wa-2'), 0);
  // After a quiet second the bucket is full again.
  now = 1_000;
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.reserve('wa-1')),
    [0, 0, 0, 0],
  );
  assert.ok(limiter.reserve('wa-1') > 0);
});

test('acquire paces a real burst: 30 sends at 100/s with a burst of 10 take ~200 ms', async () => {
  const limiter = new TokenBucketRateLimiter({ ratePerSecond: 100, burst: 10 });
  const started = performance.now();
  const done: number[] = [];
  await Promise.all(
    Array.from({ length: 30 }, async () => {
      await limiter.acquire('channel-a');
      done.push(performance.now() - started);
    }),
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 190, `took ${elapsed.toFixed(0)} ms, expected ≥ 190`);
  assert.ok(elapsed < 600, `took ${elapsed.toFixed(0)} ms, expected well under 600`);
  assert.ok(done.filter((t) => t < 20).length >= 10, 'the first ten went at once');
  // Never more than burst + rate × t sends by time t.
  for (const t of done) assert.ok(done.filter((d) => d <= t).length <= 10 + Math.ceil((t / 1000) * 100) + 1);
});

test('per-channel overrides, per-type defaults and invalid rates', () => {
  let now = 0;
  const limiter = new TokenBucketRateLimiter({ ratePerSecond: 1, burst: 1 }, () => now);
  limiter.configure('fast', { ratePerSecond: 1000, burst: 1 });
  limiter.reserve('fast');
  assert.equal(limiter.reserve('fast'), 1);
  limiter.reserve('slow');
  assert.equal(limiter.reserve('slow'), 1000);
  now = 10;
  assert.throws(() => new TokenBucketRateLimiter({ ratePerSecond: 0 }), RangeError);
  assert.throws(() => limiter.configure('x', { ratePerSecond: 5, burst: 0 }), RangeError);

  const limiters = createSendRateLimiters({ messenger: { ratePerSecond: 10, burst: 1 } });
  assert.equal(DEFAULT_SEND_RATES.whatsapp.ratePerSecond, 80);
  assert.equal(limiters.messenger.reserve('p'), 0);
  assert.ok(Math.abs(limiters.messenger.reserve('p') - 100) < 5, 'messenger override: 10/s');
});

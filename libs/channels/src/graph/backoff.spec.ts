import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, retryDelay } from './backoff';
import { GraphApiError } from './graph-api.error';

test('exponential growth, capped, with full or equal jitter', () => {
  const none = { jitter: 'none' as const, baseMs: 1_000, maxMs: 30_000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, none)),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000],
  );
  assert.equal(backoffDelay(3, { random: () => 0.5 }), 4_000);
  assert.equal(backoffDelay(3, { random: () => 0 }), 0);
  assert.equal(backoffDelay(3, { jitter: 'equal', random: () => 0 }), 4_000);
  for (let i = 0; i < 100; i += 1) {
    const d = backoffDelay(4);
    assert.ok(d >= 0 && d <= 16_000);
  }
});

test('retryDelay: none for permanent or auth, Meta hint as a floor for transient', () => {
  const make = (classification: 'transient' | 'permanent' | 'auth', retryAfterMs?: number) =>
    new GraphApiError('x', { classification, reason: 'unknown', ambiguous: false, retryAfterMs });
  assert.equal(retryDelay(make('permanent'), 0), null);
  assert.equal(retryDelay(make('auth'), 0), null);
  assert.equal(retryDelay(new Error('plain'), 0), null);
  assert.equal(retryDelay(make('transient'), 2, { random: () => 1 }), 4_000);
  assert.equal(retryDelay(make('transient', 60_000), 0, { random: () => 1 }), 60_000);
  assert.equal(
    retryDelay(make('transient', 600_000), 0, { random: () => 1, maxMs: 10_000 }),
    600_000,
    'Meta asked for longer',
  );
});

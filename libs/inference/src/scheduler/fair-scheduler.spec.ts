import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InferenceBusyError, InferenceCancelledError, InferenceTimeoutError } from '../inference.errors';
import type { InferencePriority } from '../inference.types';
import { FairScheduler, type Admission, type SchedulerLimits } from './fair-scheduler';

/** A scheduler over `slots` identical leases, recording the order jobs start in. */
function harness(slots: number, limits: Partial<SchedulerLimits> = {}, weights: Record<string, number> = {}) {
  let free = slots;
  const started: string[] = [];
  const scheduler = new FairScheduler<string, number>(
    { maxQueued: 1000, maxQueuedPerTenant: 100, maxRunningPerTenant: slots, ...limits },
    {
      acquire: () => (free > 0 ? free-- : undefined),
      release: () => {
        free++;
      },
      weightOf: (tenant) => weights[tenant] ?? 1,
    },
  );
  const all: Array<Promise<unknown>> = [];
  const submit = (
    tenantId: string,
    label: string,
    priority: InferencePriority = 'live',
    extra: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) => {
    const promise = scheduler
      .schedule({
        tenantId,
        priority,
        cost: 100,
        resource: 'base',
        timeoutMs: extra.timeoutMs ?? 60_000,
        deadlineAt: Date.now() + (extra.timeoutMs ?? 60_000),
        signal: extra.signal,
      })
      .then((admission: Admission<number>) => {
        started.push(label);
        return admission;
      });
    promise.catch(() => undefined);
    all.push(promise);
    return promise;
  };
  /** Fails whatever still waits, so no timer outlives the test. */
  const end = async () => {
    scheduler.close('test over');
    await Promise.allSettled(all);
  };
  return { scheduler, started, submit, end };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FairScheduler', () => {
  it('serves a second tenant right after the first frees a slot, even behind a flood', async () => {
    const { started, submit, end } = harness(1);
    const flood = Array.from({ length: 20 }, (_, i) => submit('A', `A${i}`));
    const b = submit('B', 'B0');
    await tick();
    assert.deepEqual(started, ['A0']);
    (await flood[0]).finish(100);
    await tick();
    assert.deepEqual(started, ['A0', 'B0']);
    (await b).finish(100);
    await tick();
    assert.deepEqual(started, ['A0', 'B0', 'A1']);
    await end();
  });

  it('shares slots by weighted tokens', async () => {
    const { started, submit, end } = harness(1, {}, { heavy: 2 });
    const jobs = new Map<string, Promise<Admission<number>>>();
    for (let i = 0; i < 12; i++) jobs.set(`H${i}`, submit('heavy', `H${i}`));
    for (let i = 0; i < 12; i++) jobs.set(`L${i}`, submit('light', `L${i}`));
    for (let turn = 0; turn < 12; turn++) {
      await tick();
      (await jobs.get(started[started.length - 1])!).finish(100);
    }
    const heavy = started.slice(0, 12).filter((label) => label.startsWith('H')).length;
    assert.ok(heavy >= 7 && heavy <= 9, `heavy tenant got ${heavy} of 12 turns`);
    await end();
  });

  it('runs live requests before playground and background ones', async () => {
    const { started, submit } = harness(1);
    const first = submit('A', 'first', 'live');
    const background = submit('A', 'background', 'background');
    const playground = submit('B', 'playground', 'playground');
    const live = submit('C', 'live', 'live');
    (await first).finish(100);
    (await live).finish(100);
    (await playground).finish(100);
    (await background).finish(100);
    assert.deepEqual(started, ['first', 'live', 'playground', 'background']);
  });

  it('refuses with a typed busy error when the queue caps are reached', async () => {
    const { submit } = harness(1, { maxQueuedPerTenant: 2, maxQueued: 3 });
    const running = submit('A', 'A0');
    const waiting = [submit('A', 'A1'), submit('A', 'A2')];
    await assert.rejects(
      submit('A', 'A3'),
      (error: unknown) => error instanceof InferenceBusyError && error.reason === 'tenant_queue_full',
    );
    waiting.push(submit('B', 'B0'));
    await assert.rejects(
      submit('C', 'C0'),
      (error: unknown) => error instanceof InferenceBusyError && error.reason === 'queue_full',
    );
    (await running).finish(0);
    for (const job of waiting) (await job).finish(0);
  });

  it('caps how many requests one tenant runs at once', async () => {
    const { started, submit } = harness(3, { maxRunningPerTenant: 1 });
    const a = [submit('A', 'A0'), submit('A', 'A1')];
    const b = submit('B', 'B0');
    await tick();
    assert.deepEqual(started, ['A0', 'B0']);
    (await a[0]).finish(0);
    await tick();
    assert.deepEqual(started, ['A0', 'B0', 'A1']);
    (await a[1]).finish(0);
    (await b).finish(0);
  });

  it('times out and cancels waiting jobs without blocking the others', async () => {
    const { scheduler, started, submit } = harness(1);
    const running = submit('A', 'A0');
    const timedOut = submit('A', 'A1', 'live', { timeoutMs: 20 });
    const controller = new AbortController();
    const cancelled = submit('B', 'B0', 'live', { signal: controller.signal });
    const later = submit('C', 'C0');
    controller.abort();
    await assert.rejects(cancelled, InferenceCancelledError);
    await assert.rejects(
      timedOut,
      (error: unknown) => error instanceof InferenceTimeoutError && error.phase === 'queued',
    );
    assert.equal(scheduler.queued, 1);
    (await running).finish(0);
    (await later).finish(0);
    assert.deepEqual(started, ['A0', 'C0']);
  });
});

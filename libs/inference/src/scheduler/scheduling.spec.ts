import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { ensureTestModel } from '@cria/testing';
import { InferenceEngine } from '../engine';
import {
  InferenceBusyError,
  InferenceCancelledError,
  InferenceNotReadyError,
  InferenceTimeoutError,
} from '../inference.errors';
import type { ChatRequest, ChatResult } from '../inference.types';

// Engine logs (model ready, expected load failures) would only clutter the test report.
Logger.overrideLogger(false);

/** One sequence only: every request waits for the previous one, so order and freeing are observable. */
describe('scheduling on a one-sequence engine', () => {
  let engine: InferenceEngine;

  before(async () => {
    const modelPath = await ensureTestModel({ shape: 'tiny', seed: 1 });
    engine = await InferenceEngine.create({
      modelPath,
      gpu: false,
      threads: 1,
      lanes: 1,
      sequences: 1,
      contextSize: 4096,
      scheduler: { maxQueuedPerTenant: 8, maxQueued: 20 },
    });
    assert.equal(engine.state.status, 'ready');
  });

  after(async () => {
    await engine.dispose();
  });

  const request = (tenantId: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    tenantId,
    history: [{ role: 'user', content: `Hello from ${tenantId}` }],
    maxTokens: 16,
    ...extra,
  });

  it('serves another tenant early while one tenant floods the queue', async () => {
    const finished: string[] = [];
    const track = (label: string, promise: Promise<ChatResult>) =>
      promise.then((result) => (finished.push(label), result));
    const flood = Array.from({ length: 8 }, (_, i) => track(`A${i}`, engine.chat(request('tenant-a'))));
    const b = track('B', engine.chat(request('tenant-b')));
    await Promise.all([...flood, b]);
    assert.ok(
      finished.indexOf('B') <= 1,
      `B finished at position ${finished.indexOf('B')}: ${finished.join(' ')}`,
    );
    assert.deepEqual(
      finished.filter((label) => label !== 'B'),
      flood.map((_, i) => `A${i}`),
    );
  });

  it('runs live requests before background ones that were queued earlier', async () => {
    const finished: string[] = [];
    const blocker = engine.chat(request('tenant-c', { maxTokens: 64 }));
    const background = engine
      .chat(request('tenant-d', { priority: 'background' }))
      .then(() => finished.push('background'));
    const live = engine.chat(request('tenant-e', { priority: 'live' })).then(() => finished.push('live'));
    await Promise.all([blocker, background, live]);
    assert.deepEqual(finished, ['live', 'background']);
  });

  it('answers busy when a tenant exceeds its queue cap, without affecting other tenants', async () => {
    const accepted = Array.from({ length: 9 }, () => engine.chat(request('tenant-f')));
    await assert.rejects(engine.chat(request('tenant-f')), (error: unknown) => {
      assert.ok(error instanceof InferenceBusyError);
      assert.equal(error.reason, 'tenant_queue_full');
      return true;
    });
    const other = engine.chat(request('tenant-g'));
    const results = await Promise.all([...accepted, other]);
    assert.equal(results.length, 10);
    assert.equal(engine.stats().queued, 0);
  });

  it('frees the sequence when a running request is cancelled', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const cancelled = engine.chat(
      request('tenant-h', {
        maxTokens: 3000,
        signal: controller.signal,
        onTextChunk: () => {
          if (++chunks === 3) controller.abort();
        },
      }),
    );
    await assert.rejects(
      cancelled,
      (error: unknown) => error instanceof InferenceCancelledError && error.phase === 'running',
    );
    const next = await engine.chat(request('tenant-h'));
    assert.equal(next.tokensOut, 16);
    assert.equal(engine.stats().running, 0);
  });

  it('times out a long generation and a request left waiting, then keeps serving', async () => {
    const started = Date.now();
    const slow = engine.chat(request('tenant-i', { maxTokens: 3500, timeoutMs: 300 }));
    const waiting = engine.chat(request('tenant-j', { timeoutMs: 100 }));
    await assert.rejects(
      waiting,
      (error: unknown) => error instanceof InferenceTimeoutError && error.phase === 'queued',
    );
    await assert.rejects(
      slow,
      (error: unknown) => error instanceof InferenceTimeoutError && error.phase === 'running',
    );
    assert.ok(Date.now() - started < 1500, 'the timeout stopped the generation early');
    const next = await engine.chat(request('tenant-i'));
    assert.equal(next.tokensOut, 16);
  });

  it('cancels a request that is still waiting', async () => {
    const blocker = engine.chat(request('tenant-k', { maxTokens: 64 }));
    const controller = new AbortController();
    const waiting = engine.chat(request('tenant-l', { signal: controller.signal }));
    controller.abort();
    await assert.rejects(
      waiting,
      (error: unknown) => error instanceof InferenceCancelledError && error.phase === 'queued',
    );
    await blocker;
  });

  it('stops running and waiting requests when the engine shuts down', async () => {
    const running = engine.chat(request('tenant-m', { maxTokens: 3000 }));
    const waiting = engine.chat(request('tenant-n'));
    const outcomes = Promise.all([
      assert.rejects(
        running,
        (error: unknown) => error instanceof InferenceNotReadyError && error.state === 'stopped',
      ),
      assert.rejects(
        waiting,
        (error: unknown) => error instanceof InferenceBusyError && error.reason === 'shutting_down',
      ),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.dispose();
    await outcomes;
    assert.equal(engine.state.status, 'stopped');
    await assert.rejects(engine.chat(request('tenant-m')), InferenceNotReadyError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availableCores, planThreads } from './inference.options';

describe('planThreads', () => {
  it('gives each core of a small machine its own single-threaded lane', () => {
    assert.deepEqual(planThreads({ gpu: false }, 1), { threads: 1, lanes: 1, threadsPerLane: 1 });
    assert.deepEqual(planThreads({ gpu: false }, 2), { threads: 2, lanes: 2, threadsPerLane: 1 });
    assert.deepEqual(planThreads({ gpu: false }, 3), { threads: 3, lanes: 3, threadsPerLane: 1 });
  });

  it('leaves a core to the event loop on bigger machines and uses lanes of up to 4 threads', () => {
    assert.deepEqual(planThreads({ gpu: false }, 4), { threads: 3, lanes: 3, threadsPerLane: 1 });
    assert.deepEqual(planThreads({ gpu: false }, 8), { threads: 6, lanes: 2, threadsPerLane: 3 });
    assert.deepEqual(planThreads({ gpu: false }, 16), { threads: 12, lanes: 4, threadsPerLane: 3 });
    assert.deepEqual(planThreads({ threads: 8, gpu: false }, 8), { threads: 8, lanes: 2, threadsPerLane: 4 });
  });

  it('never uses more threads than cores, whatever is asked', () => {
    assert.deepEqual(planThreads({ threads: 64, gpu: false }, 2), {
      threads: 2,
      lanes: 2,
      threadsPerLane: 1,
    });
    assert.deepEqual(planThreads({ threads: 1, gpu: false }, 8), { threads: 1, lanes: 1, threadsPerLane: 1 });
    assert.deepEqual(planThreads({ threads: 2, lanes: 8, gpu: false }, 8), {
      threads: 2,
      lanes: 2,
      threadsPerLane: 1,
    });
    assert.ok(planThreads({ gpu: false }).threads <= availableCores());
  });

  it('batches everything on one lane on a GPU', () => {
    assert.deepEqual(planThreads({ gpu: true }, 16), { threads: 15, lanes: 1, threadsPerLane: 15 });
  });
});

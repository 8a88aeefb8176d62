import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupCommit } from './ingest-batcher';

/** A flush that resolves when told to, recording the batches it was given. */
function controlledFlush() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const flush = async (inputs: number[]) => {
    batches.push(inputs);
    await new Promise<void>((resolve) => releases.push(resolve));
    return inputs.map((n) => n * 10);
  };
  return { flush, batches, releases };
}

test('a call on an idle group commit flushes alone, at once', async () => {
  const { flush, batches, releases } = controlledFlush();
  const commit = new GroupCommit(flush);
  const answer = commit.submit(1);
  assert.deepEqual(batches, [[1]]);
  releases[0]();
  assert.equal(await answer, 10);
});

test('calls made while a flush runs share the next one, each with its own answer', async () => {
  const { flush, batches, releases } = controlledFlush();
  const commit = new GroupCommit(flush);
  const answers = [1, 2, 3, 4].map((n) => commit.submit(n));
  assert.deepEqual(batches, [[1]]);
  releases[0]();
  await answers[0];
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(batches, [[1], [2, 3, 4]]);
  releases[1]();
  assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40]);
});

test('a failed flush fails its own calls only', async () => {
  let calls = 0;
  const commit = new GroupCommit<number, number>(async (inputs) => {
    calls += 1;
    if (calls === 1) throw new Error('database away');
    return inputs;
  });
  await assert.rejects(commit.submit(1), /database away/);
  assert.equal(await commit.submit(2), 2);
});

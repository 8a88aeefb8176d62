import type { JobsOptions, Queue } from 'bullmq';

export class EnqueueTimeoutError extends Error {
  constructor(queue: string, ms: number) {
    super(`Redis did not accept the ${queue} job within ${ms} ms`);
    this.name = 'EnqueueTimeoutError';
  }
}

/**
 * Adds a job but never waits on Redis for long: when Redis is away the caller gets an error quickly and
 * relies on Postgres (the reconciler re-enqueues whatever is still unprocessed). A job that Redis accepts
 * after the timeout is harmless: jobs carry deterministic ids, so the reconciler's copy is a no-op.
 */
export async function enqueue<T>(
  queue: Queue<T>,
  name: string,
  data: T,
  options: JobsOptions,
  timeoutMs = 2_000,
): Promise<void> {
  await enqueueMany(queue, [{ name, data, opts: options }], timeoutMs);
}

/** Several jobs in one round trip (addBulk), with the same bounded wait. */
export async function enqueueMany<T>(
  queue: Queue<T>,
  jobs: Array<{ name: string; data: T; opts: JobsOptions }>,
  timeoutMs = 2_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(queue.name, timeoutMs)), timeoutMs);
  });
  try {
    // BullMQ's generic signature cannot relate T to its internal name/data types.
    await Promise.race([(queue as unknown as Queue).addBulk(jobs), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A push-based async iterator: the producer pushes events and ends (or fails) the stream; the consumer
 * iterates with `for await`. Stopping the iteration early calls `onCancel` (the engine aborts the request).
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private waiting:
    { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  private done = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly onCancel: () => void) {}

  push(event: T): void {
    if (this.done) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else {
      this.buffered.push(event);
    }
  }

  end(): void {
    this.done = true;
    this.settleWaiting();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = { error };
    this.done = true;
    this.settleWaiting();
  }

  next(): Promise<IteratorResult<T>> {
    const event = this.buffered.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.buffered.length = 0;
      this.onCancel();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settleWaiting(): void {
    if (!this.waiting) return;
    const { resolve, reject } = this.waiting;
    this.waiting = undefined;
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      reject(error);
    } else {
      resolve({ value: undefined, done: true });
    }
  }
}

/**
 * Group commit: calls made while a flush is running wait and go together in the next one. Under light
 * load every call flushes alone at once (no added latency); under heavy load many webhook requests share
 * one database round trip, and each still gets its answer only after its own rows are stored.
 */
export class GroupCommit<In, Out> {
  private pending: Array<{
    input: In;
    resolve: (out: Out | PromiseLike<Out>) => void;
    reject: (error: unknown) => void;
  }> = [];
  private flushing = false;

  constructor(
    /** One output per input, in order; an output may itself be pending (work that overlaps the next flush). */
    private readonly flush: (inputs: In[]) => Promise<Array<Out | PromiseLike<Out>>>,
    private readonly maxBatch = 500,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const outputs = await this.flush(batch.map((b) => b.input));
          batch.forEach((b, i) => b.resolve(outputs[i]));
        } catch (error) {
          batch.forEach((b) => b.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

import type { Redis } from 'ioredis';

/** What a worker process reports about itself every few seconds (read by the api's readiness check). */
export interface WorkerStatus {
  workerId: string;
  pid: number;
  startedAt: string;
  reportedAt: string;
  model: {
    state: 'none' | 'loading' | 'ready' | 'failed';
    /** Why the model is not ready, naming the file. */
    reason?: string;
    path?: string;
    demo?: boolean;
    info?: Record<string, unknown>;
  };
}

const TTL_SECONDS = 30;

/** Worker heartbeats live in Redis with a TTL: a dead worker disappears from the list by itself. */
export class WorkerStatusStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(workerId: string): string {
    return `${this.prefix}:workers:${workerId}`;
  }

  async publish(status: WorkerStatus): Promise<void> {
    await this.redis.set(this.key(status.workerId), JSON.stringify(status), 'EX', TTL_SECONDS);
  }

  async remove(workerId: string): Promise<void> {
    await this.redis.del(this.key(workerId));
  }

  async list(): Promise<WorkerStatus[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 100);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await this.redis.mget(...keys);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerStatus);
  }
}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { WorkerStatusStore, createRedis, type WorkerStatus } from '@cria/queue';

/** Redis reachability and the model state the workers report through it. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly workers: WorkerStatusStore;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.redis = createRedis(config.redisUrl, 'producer');
    this.redis.on('error', () => undefined); // reported through the check, not as log noise
    this.workers = new WorkerStatusStore(this.redis, config.redisPrefix);
  }

  async pingRedis() {
    const check = this.health.check('redis');
    try {
      await withTimeout(this.redis.ping(), 2_000);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async workerStatuses(): Promise<WorkerStatus[]> {
    return withTimeout(this.workers.list(), 2_000);
  }

  async model() {
    const check = this.health.check('model');
    let workers: WorkerStatus[];
    try {
      workers = await this.workerStatuses();
    } catch {
      return check.down({ message: 'cannot read worker status from Redis' });
    }
    if (workers.length === 0)
      return check.down({ message: 'no worker is running (start one with npm run start:worker)' });
    const ready = workers.filter((w) => w.model.state === 'ready' || w.model.state === 'none');
    const first = ready[0] ?? workers[0];
    const details = {
      workers: workers.length,
      state: first.model.state,
      path: first.model.path,
      demo: first.model.demo,
      ...(first.model.info ? { info: first.model.info } : {}),
    };
    if (ready.length === 0)
      return check.down({ ...details, message: first.model.reason ?? `model is ${first.model.state}` });
    return check.up(details);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

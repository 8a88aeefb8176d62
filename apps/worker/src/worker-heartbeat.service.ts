import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { WorkerStatusStore, createRedis, type WorkerStatus } from '@cria/queue';

/** Model state as the worker knows it; the inference module updates it when it loads a model. */
export type ModelState = WorkerStatus['model'];

/** Publishes this worker's status to Redis every 10 s, for /health/ready and the admin panel. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private readonly redis: Redis;
  private readonly store: WorkerStatusStore;
  private readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | undefined;
  private model: ModelState = { state: 'none' };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl, 'producer');
    this.redis.on('error', () => undefined); // the next beat retries; BullMQ's own connection reports outages
    this.store = new WorkerStatusStore(this.redis, config.redisPrefix);
  }

  setModel(model: ModelState): void {
    this.model = model;
    void this.beat();
  }

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), 10_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.store.remove(this.workerId).catch(() => undefined);
    this.redis.disconnect();
  }

  private async beat(): Promise<void> {
    try {
      await this.store.publish({
        workerId: this.workerId,
        pid: process.pid,
        startedAt: this.startedAt,
        reportedAt: new Date().toISOString(),
        model: this.model,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish worker status');
    }
  }
}

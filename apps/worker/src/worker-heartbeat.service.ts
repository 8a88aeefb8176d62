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
import { InferenceEngine } from '@cria/inference';
import { WorkerStatusStore, createRedis, type WorkerStatus } from '@cria/queue';

type ModelState = WorkerStatus['model'];

/**
 * Publishes this worker's status (its model: loading, ready or failed and why) to Redis every few seconds,
 * for /health/ready and the admin panel.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private readonly redis: Redis;
  private readonly store: WorkerStatusStore;
  private readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | undefined;
  private lastStatus: string | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly engine: InferenceEngine,
  ) {
    // Queues commands until connected, so the first beat at boot waits for Redis instead of failing.
    this.redis = createRedis(config.redisUrl, 'worker');
    this.redis.on('error', () => undefined); // the next beat retries; BullMQ's own connection reports outages
    this.store = new WorkerStatusStore(this.redis, config.redisPrefix);
  }

  private model(): ModelState {
    const state = this.engine.state;
    const info = this.engine.modelInfo();
    const mapped: ModelState['state'] =
      state.status === 'ready'
        ? 'ready'
        : state.status === 'failed'
          ? 'failed'
          : state.status === 'loading'
            ? 'loading'
            : 'none';
    return {
      state: mapped,
      ...(state.reason ? { reason: state.reason } : {}),
      ...(info
        ? {
            path: info.path,
            demo: info.isDemoModel,
            info: {
              name: info.name,
              architecture: info.architecture,
              parameterCount: info.parameterCount,
              quantization: info.quantization,
              fileSizeBytes: info.fileSizeBytes,
              contextSize: info.contextSize,
              trainContextLength: info.trainContextLength,
              chatWrapper: info.chatWrapper,
              gpu: info.gpu,
              threads: info.threads,
            },
          }
        : {}),
    };
  }

  onApplicationBootstrap(): void {
    void this.beat();
    // Every 10 s, and within a second of the model's state changing (loading → ready or failed).
    this.timer = setInterval(() => {
      const state = this.engine.state.status;
      if (state !== this.lastStatus || Date.now() % 10_000 < 1_000) void this.beat();
    }, 1_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.store.remove(this.workerId).catch(() => undefined);
    this.redis.disconnect();
  }

  private async beat(): Promise<void> {
    this.lastStatus = this.engine.state.status;
    try {
      await this.store.publish({
        workerId: this.workerId,
        pid: process.pid,
        startedAt: this.startedAt,
        reportedAt: new Date().toISOString(),
        model: this.model(),
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish worker status');
    }
  }
}

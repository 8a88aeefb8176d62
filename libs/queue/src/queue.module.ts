import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { ALL_QUEUES } from './queue-names';
import { redisOptions } from './redis';

/**
 * Connects BullMQ to REDIS_URL (keys under REDIS_PREFIX) and registers every queue. Connections retry
 * forever (what workers need); producers bound their wait with `enqueue()` instead.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisOptions(config.redisUrl, 'worker'),
        prefix: config.redisPrefix,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: 3_600, count: 10_000 },
          // failed jobs stay for the dead-letter view and replay
          removeOnFail: { age: 14 * 24 * 3_600 },
        },
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueueModule {}

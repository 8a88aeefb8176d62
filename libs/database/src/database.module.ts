import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@cria/core';
import { databaseOptions } from './data-source.options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...databaseOptions({ databaseUrl: config.databaseUrl }),
        entities: [],
        migrations: [],
        autoLoadEntities: true,
        // Boot fails fast with a clear message instead of retrying silently for minutes.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}

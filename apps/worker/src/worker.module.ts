import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, LoggingModule, type AppConfig, type LoggerSettings } from '@cria/core';
import { DatabaseModule } from '@cria/database';
import { QueueModule } from '@cria/queue';
import { TenancyModule } from '@cria/tenancy';
import { ConversationsModule } from '@cria/conversations';
import { InboundProcessor } from './inbound/inbound.processor';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { ReconcilerService } from './maintenance/reconciler.service';
import { OutboundProcessor } from './outbound/outbound.processor';
import { RetentionService } from './maintenance/retention.service';
import { WorkerHeartbeat } from './worker-heartbeat.service';

/** The processors of the worker process. Imported on its own (worker) or inside the api (one process). */
@Module({
  imports: [ConversationsModule],
  providers: [
    WorkerHeartbeat,
    MaintenanceProcessor,
    RetentionService,
    ReconcilerService,
    InboundProcessor,
    OutboundProcessor,
  ],
  exports: [WorkerHeartbeat],
})
export class WorkerProcessorsModule {}

/** The worker process: BullMQ consumers, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Partial<LoggerSettings> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ level: config.logLevel, pretty: config.env === 'development', ...logger }),
        DatabaseModule,
        TenancyModule,
        QueueModule,
        WorkerProcessorsModule,
      ],
    };
  }
}

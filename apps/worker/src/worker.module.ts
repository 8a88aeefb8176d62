import path from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { AssistantsModule } from '@cria/assistants';
import { ConversationEngineModule, ConversationsModule } from '@cria/conversations';
import { APP_CONFIG, ConfigModule, LoggingModule, type AppConfig, type LoggerSettings } from '@cria/core';
import { DatabaseModule } from '@cria/database';
import { InferenceModule } from '@cria/inference';
import { KnowledgeIngestionModule } from '@cria/knowledge';
import { InboxEventsModule, PlaygroundStream, QueueModule } from '@cria/queue';
import { TenancyModule } from '@cria/tenancy';
import { ensureTestModel } from '@cria/testing';
import { InboundProcessor } from './inbound/inbound.processor';
import { PlaygroundProcessor } from './playground/playground.processor';
import { TurnProcessor } from './turns/turn.processor';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { ReconcilerService } from './maintenance/reconciler.service';
import { OutboundProcessor } from './outbound/outbound.processor';
import { RetentionService } from './maintenance/retention.service';
import { WorkerHeartbeat } from './worker-heartbeat.service';
import { KnowledgeProcessor } from './knowledge/knowledge.processor';
import { KnowledgeReindexCheck } from './knowledge/reindex-check.service';

/** The processors of the worker process. Imported on its own (worker) or inside the api (one process). */
@Module({
  imports: [
    InferenceModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        // No model configured: the generated demo model keeps every path working (its replies are noise).
        const demo = !config.model.path;
        const modelPath =
          config.model.path ??
          (await ensureTestModel({ cacheDir: path.join(config.dataDir, 'models'), shape: 'demo', seed: 1 }));
        return {
          modelPath,
          embeddingModelPath: config.model.embeddingPath ?? modelPath,
          isDemoModel: demo,
          threads: config.model.threads,
          gpu: config.model.gpu,
        };
      },
    }),
    ConversationsModule,
    ConversationEngineModule,
    InboxEventsModule,
    AssistantsModule,
    KnowledgeIngestionModule,
  ],
  providers: [
    WorkerHeartbeat,
    TurnProcessor,
    PlaygroundProcessor,
    PlaygroundStream,
    MaintenanceProcessor,
    RetentionService,
    ReconcilerService,
    InboundProcessor,
    OutboundProcessor,
    KnowledgeProcessor,
    KnowledgeReindexCheck,
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

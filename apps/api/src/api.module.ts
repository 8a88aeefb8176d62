import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  ConfigModule,
  HttpExceptionFilter,
  LoggingModule,
  type AppConfig,
  type LoggerSettings,
} from '@cria/core';
import { DatabaseModule } from '@cria/database';
import { QueueModule } from '@cria/queue';
import { TenancyModule } from '@cria/tenancy';
import { AccountsModule } from './accounts/accounts.module';
import { AdminPanelModule } from './admin-panel/admin-panel.module';
import { AssistantsApiModule } from './assistants/assistants-api.module';
import { ChannelsApiModule } from './channels/channels-api.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { JobsModule } from './jobs/jobs.module';
import { KnowledgeApiModule } from './knowledge/knowledge-api.module';
import { MetricsModule } from './metrics/metrics.module';
import { UsageModule } from './usage/usage.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface ApiModuleOptions {
  logger?: Partial<LoggerSettings>;
  /** Extra modules to run in the same process (the worker, for small installs). */
  imports?: ModuleMetadata['imports'];
}

/** The HTTP process: webhooks, admin API, admin panel, health and metrics. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          level: config.logLevel,
          pretty: config.env === 'development',
          ...options.logger,
        }),
        DatabaseModule,
        TenancyModule,
        QueueModule,
        HealthModule,
        MetricsModule,
        WebhooksModule,
        // the admin API (/api)
        AccountsModule,
        AssistantsApiModule,
        ChannelsApiModule,
        InboxModule,
        UsageModule,
        JobsModule,
        KnowledgeApiModule,
        ...(options.imports ?? []),
        // the admin panel (/): its SPA fallback is mounted after every route
        AdminPanelModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}

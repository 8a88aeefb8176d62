import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createLogger, httpLoggerOptions, type LoggerSettings } from './logger';

/** nestjs-pino wired with Cria's redaction and context mixin; Nest's Logger writes through it. */
@Module({})
export class LoggingModule {
  static forRoot(settings: LoggerSettings): DynamicModule {
    const logger = createLogger(settings);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(logger), exclude: [] })],
      exports: [LoggerModule],
    };
  }
}

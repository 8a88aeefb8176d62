import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { bootWith } from '@cria/core';
import { WorkerModule } from './worker.module';

void bootWith('worker', async (config) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM: BullMQ workers stop taking jobs and finish (or hand back) the active ones, then pools close.
  app.enableShutdownHooks();
  await app.init();
  new NestLogger('Worker').log('Cria worker started');
});

import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModuleMetadata } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerProcessorsModule } from '../../apps/worker/src/worker.module';
import { LogCapture, createTestEnv, type TestEnv } from './test-env';

export interface TestApp extends TestEnv {
  app: INestApplication;
  /** Base URL of the real HTTP server, on a random loopback port. */
  url: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * Boots the api (and, unless told otherwise, the worker's processors) in this process, listening on real
 * HTTP with the test file's own database and Redis prefix. Logs are captured for assertions.
 */
export async function startTestApp(
  options: { worker?: boolean; env?: Record<string, string>; imports?: ModuleMetadata['imports'] } = {},
): Promise<TestApp> {
  const testEnv = await createTestEnv(options.env);
  const logs = new LogCapture();
  const app = await createApiApp(testEnv.config, {
    logger: { destination: logs, level: 'debug', pretty: false },
    imports: [...(options.worker === false ? [] : [WorkerProcessorsModule]), ...(options.imports ?? [])],
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    ...testEnv,
    app,
    url: `http://127.0.0.1:${port}`,
    logs,
    async close() {
      await app.close();
      await testEnv.cleanup();
    },
  };
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootWith } from '@cria/core';
// The one place two apps meet: the composition root of a single-process install.
// eslint-disable-next-line no-restricted-imports
import { WorkerProcessorsModule } from '../../worker/src/worker.module';
import { createApiApp } from './bootstrap';

/** api and worker in one process, for small installs (what `npm start` runs). */
void bootWith('standalone', async (config) => {
  const app = await createApiApp(config, { imports: [WorkerProcessorsModule] });
  await app.listen(config.port, '0.0.0.0');
  new Logger('Cria').log(`Cria (api + worker) listening on port ${config.port} (${config.publicUrl})`);
});

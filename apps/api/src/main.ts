import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootWith } from '@cria/core';
import { createApiApp } from './bootstrap';

void bootWith('api', async (config) => {
  const app = await createApiApp(config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Api').log(`Cria api listening on port ${config.port} (${config.publicUrl})`);
});

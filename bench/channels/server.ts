/** The api process the channels benchmark drives: exactly what `npm run start:api` runs, on PORT. */
import 'reflect-metadata';
import { loadConfig } from '@cria/core';
import { createApiApp } from '../../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, '127.0.0.1');
  process.send?.('ready');
}

void main();

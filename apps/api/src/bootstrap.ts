import type { RequestListener } from 'node:http';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@cria/core';
import { ApiModule, type ApiModuleOptions } from './api.module';
import { formBody, jsonBody } from './body-parsers';
import { WebhookReceiver, webhookPost } from './webhooks/webhook-receiver';

/** Builds the HTTP application; main.ts listens, tests listen on a random port. */
export async function createApiApp(
  config: AppConfig,
  options: ApiModuleOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, options), {
    bufferLogs: true,
    bodyParser: false,
  });
  return configureApiApp(app);
}

/**
 * Everything the HTTP application needs beyond its modules (body parsers, validation, OpenAPI, shutdown
 * hooks). Separate so a benchmark can build the same app from a testing module with a provider replaced.
 */
export function configureApiApp(app: NestExpressApplication): NestExpressApplication {
  app.useLogger(app.get(Logger));
  receiveWebhooksFirst(app);
  app.use(jsonBody);
  app.use(formBody);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cria admin API')
      .setDescription('Assistants, channels, conversations and everything the admin panel does.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'jwt')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: cria_…' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * Meta's webhook posts are answered by WebhookReceiver on the bare Node request, ahead of Express and Nest
 * (the reason is in its comment); every other request, webhook handshakes included, goes on to the framework.
 */
function receiveWebhooksFirst(app: NestExpressApplication): void {
  const server = app.getHttpServer();
  const framework = app.getHttpAdapter().getInstance() as RequestListener;
  if (!server.listeners('request').includes(framework))
    throw new Error('The HTTP server does not hand requests to Express directly; webhooks cannot go first');
  const receiver = app.get(WebhookReceiver);
  server.removeListener('request', framework);
  server.on('request', (req, res) => {
    const post = webhookPost(req);
    if (post) receiver.handle(req, res, post);
    else framework(req, res);
  });
}

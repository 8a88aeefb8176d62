import { Module } from '@nestjs/common';
import { ConversationsModule } from '@cria/conversations';
import { WebhooksController } from './webhooks.controller';
import { WebhookReceiver } from './webhook-receiver';
import { WebhookSecretsService } from './webhook-secrets.service';

@Module({
  imports: [ConversationsModule],
  controllers: [WebhooksController],
  providers: [WebhookSecretsService, WebhookReceiver],
})
export class WebhooksModule {}

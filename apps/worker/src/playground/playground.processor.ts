import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PlaygroundService } from '@cria/assistants';
import { chatRequest, systemPrompt } from '@cria/conversations';
import { InferenceEngine } from '@cria/inference';
import { PlaygroundStream, QueueName, type PlaygroundJob } from '@cria/queue';
import { TenantContext, TenantDb } from '@cria/tenancy';

/**
 * Playground replies: the same prompt building and model as customer turns, at `playground` priority
 * (live customer chats go first), streamed chunk by chunk to the api that holds the browser's request.
 */
@Processor(QueueName.Playground, { concurrency: 4 })
export class PlaygroundProcessor extends WorkerHost {
  private readonly logger = new Logger(PlaygroundProcessor.name);

  constructor(
    private readonly db: TenantDb,
    private readonly playground: PlaygroundService,
    private readonly inference: InferenceEngine,
    private readonly stream: PlaygroundStream,
  ) {
    super();
  }

  async process(job: Job<PlaygroundJob>): Promise<string> {
    const { tenantId, sessionId, requestId } = job.data;
    return TenantContext.run({ tenantId, jobId: job.id }, async () => {
      try {
        const context = await this.db.run(tenantId, (m) => this.playground.context(m, sessionId));
        const { config } = context;
        await this.inference.whenReady(); // right after a start the model may still be loading
        const result = await this.inference.chat(
          chatRequest({
            tenantId,
            assistantId: context.assistantId,
            conversationId: `playground:${sessionId}`,
            config,
            history: context.history,
            system: systemPrompt(config),
            priority: 'playground',
            onTextChunk: (text) =>
              void this.stream.publish(requestId, { type: 'token', text }).catch(() => undefined),
          }),
        );
        const reply = {
          text: result.text,
          tokensIn: result.tokensIn,
          tokensOut: result.tokensOut,
          ttftMs: result.ttftMs,
          totalMs: result.totalMs,
        };
        const messageId = await this.db.run(tenantId, (m) =>
          this.playground.recordReply(m, tenantId, sessionId, reply),
        );
        await this.stream.publish(requestId, { type: 'done', messageId, ...reply });
        return messageId;
      } catch (error) {
        this.logger.warn({ err: error, sessionId }, 'playground reply failed');
        await this.stream.publish(requestId, {
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    });
  }
}

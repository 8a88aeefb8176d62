import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Request, Response } from 'express';
import { PlaygroundMessageDto, PlaygroundService, type PlaygroundMessageView } from '@cria/assistants';
import { ADMIN_ROLES, Authenticated, CurrentActor, type Actor } from '@cria/auth';
import { PlaygroundStream, QueueName, enqueue, type PlaygroundChunk, type PlaygroundJob } from '@cria/queue';

/** How long the browser waits for a playground reply before the stream ends with an error. */
const REPLY_TIMEOUT_MS = 120_000;

@ApiTags('assistants')
@Authenticated(...ADMIN_ROLES)
@Controller('api/assistants/:id/playground')
export class PlaygroundController {
  private readonly logger = new Logger(PlaygroundController.name);

  constructor(
    private readonly playground: PlaygroundService,
    private readonly stream: PlaygroundStream,
    @InjectQueue(QueueName.Playground) private readonly queue: Queue<PlaygroundJob>,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Chat with the assistant (draft by default) — the reply streams as server-sent events',
    description:
      'Events: `session` {sessionId}, `token` {text} as the model writes, then `done` {messageId, text, tokensIn, tokensOut, ttftMs, totalMs} or `error` {message}.',
  })
  @ApiOkResponse({ description: 'text/event-stream' })
  async say(
    @CurrentActor() actor: Actor,
    @Param('id') assistantId: string,
    @Body() dto: PlaygroundMessageDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const turn = await this.playground.say(actor, assistantId, dto);
    response.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    const send = (event: string, data: unknown) =>
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('session', { sessionId: turn.sessionId });

    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const unsubscribe = await this.stream.subscribe(turn.requestId, (chunk: PlaygroundChunk) => {
      send(chunk.type, chunk.type === 'token' ? { text: chunk.text } : chunk);
      if (chunk.type !== 'token') finish();
    });
    const timer = setTimeout(() => {
      send('error', { message: 'No reply within 2 minutes: is a worker running with its model loaded?' });
      finish();
    }, REPLY_TIMEOUT_MS);
    request.on('close', finish);
    try {
      await enqueue(
        this.queue,
        'reply',
        { tenantId: actor.tenantId, sessionId: turn.sessionId, requestId: turn.requestId },
        { jobId: turn.requestId, attempts: 1 },
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'playground job not enqueued');
      send('error', { message: 'The job queue is unavailable; try again shortly.' });
      finish();
    }
    await finished;
    clearTimeout(timer);
    unsubscribe();
    response.end();
  }

  @Get(':sessionId')
  @ApiOperation({ summary: 'A playground session’s messages, with tokens and timing per reply' })
  messages(
    @CurrentActor() actor: Actor,
    @Param('id') assistantId: string,
    @Param('sessionId') sessionId: string,
  ): Promise<PlaygroundMessageView[]> {
    return this.playground.messages(actor, assistantId, sessionId);
  }
}

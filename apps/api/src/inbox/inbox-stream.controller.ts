import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowQueryToken, ANY_ROLE, Authenticated, CurrentActor, type Actor } from '@cria/auth';
import { InboxStreamService } from './inbox-stream.service';

@ApiTags('inbox')
@Authenticated(...ANY_ROLE)
@Controller('api/inbox')
export class InboxStreamController {
  constructor(private readonly streams: InboxStreamService) {}

  @Get('stream')
  @AllowQueryToken()
  @ApiOperation({
    summary: 'Live inbox (server-sent events)',
    description:
      'Each event is `data: {"type":"conversation.created|conversation.updated|message.created|message.updated","conversationId":…,"messageId"?:…,"at":…}`; a heartbeat comment every 15 s. EventSource cannot send headers, so this route also takes `?access_token=`.',
  })
  @ApiQuery({ name: 'access_token', required: false, description: 'Access token, for EventSource' })
  @ApiOkResponse({ description: 'text/event-stream' })
  stream(@CurrentActor() actor: Actor, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.streams.stream(actor, request, response);
  }
}

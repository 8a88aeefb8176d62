import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ANY_ROLE, Authenticated, CurrentActor, PageQueryDto, type Actor, type Page } from '@cria/auth';
import {
  AssignDto,
  ConversationAdminService,
  ConversationListQueryDto,
  ConversationPageView,
  ConversationReplyService,
  ConversationStateService,
  ConversationView,
  MessagePageView,
  MessageView,
  ReplyDto,
} from '@cria/conversations';

/** The inbox: every role, agents included. */
@ApiTags('conversations')
@Authenticated(...ANY_ROLE)
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationAdminService,
    private readonly states: ConversationStateService,
    private readonly replies: ConversationReplyService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Conversations, most recent activity first; filters and full-text search' })
  @ApiOkResponse({ type: ConversationPageView })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ConversationListQueryDto,
  ): Promise<Page<ConversationView>> {
    return this.conversations.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ConversationView> {
    return this.conversations.get(actor, id);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'Messages: latest page first, oldest → newest within a page' })
  @ApiOkResponse({ type: MessagePageView })
  messages(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<MessageView>> {
    return this.conversations.messages(actor, id, query);
  }

  @Post(':id/takeover')
  @HttpCode(200)
  @ApiOperation({ summary: 'A person takes over: the bot stays silent, the caller is assigned' })
  @ApiOkResponse({ type: ConversationView })
  takeover(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ConversationView> {
    return this.states.takeover(actor, id);
  }

  @Post(':id/handback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the conversation back to the assistant' })
  @ApiOkResponse({ type: ConversationView })
  handback(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ConversationView> {
    return this.states.handback(actor, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: ConversationView })
  close(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ConversationView> {
    return this.states.close(actor, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign to a member (or null to unassign)' })
  @ApiOkResponse({ type: ConversationView })
  assign(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: AssignDto,
  ): Promise<ConversationView> {
    return this.states.assign(actor, id, dto.userId);
  }

  @Post(':id/reply')
  @ApiOperation({ summary: 'Send a reply as an agent (only within 24 h of the customer’s last message)' })
  @ApiCreatedResponse({ type: MessageView })
  @ApiConflictResponse({ description: 'window_closed, conversation_closed or channel_unavailable' })
  reply(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReplyDto): Promise<MessageView> {
    return this.replies.reply(actor, id, dto);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ADMIN_ROLES, Authenticated, CurrentActor, type Actor, type Page } from '@cria/auth';
import {
  ChannelAdminService,
  ChannelConnectionService,
  ChannelListQueryDto,
  ChannelPageView,
  ChannelTestView,
  ChannelView,
  CreateChannelDto,
  UpdateChannelDto,
} from '@cria/conversations';

@ApiTags('channels')
@Authenticated(...ADMIN_ROLES)
@Controller('api/channels')
export class ChannelsController {
  constructor(
    private readonly channels: ChannelAdminService,
    private readonly connection: ChannelConnectionService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Connect a WhatsApp number, Messenger page or Instagram account' })
  @ApiCreatedResponse({ type: ChannelView })
  @ApiConflictResponse({ description: 'This account is already connected' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateChannelDto): Promise<ChannelView> {
    return this.channels.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: ChannelPageView })
  list(@CurrentActor() actor: Actor, @Query() query: ChannelListQueryDto): Promise<Page<ChannelView>> {
    return this.channels.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ChannelView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ChannelView> {
    return this.channels.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change assistant, name, status (active/disabled) or credentials' })
  @ApiOkResponse({ type: ChannelView })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateChannelDto,
  ): Promise<ChannelView> {
    return this.channels.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnect the channel (its contacts, conversations and messages are deleted)' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.channels.remove(actor, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test the connection with the stored token (Meta error 190 marks it needs_reauth)',
  })
  @ApiOkResponse({ type: ChannelTestView })
  test(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ChannelTestView> {
    return this.connection.test(actor, id);
  }
}

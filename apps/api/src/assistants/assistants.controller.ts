import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AssistantListQueryDto,
  AssistantPageView,
  AssistantService,
  AssistantVersionPageView,
  AssistantVersionService,
  AssistantVersionView,
  AssistantView,
  CreateAssistantDto,
  RollbackDto,
  UpdateAssistantDto,
} from '@cria/assistants';
import { ADMIN_ROLES, Authenticated, CurrentActor, PageQueryDto, type Actor, type Page } from '@cria/auth';

/** Assistants hold instructions and tool settings (tool headers may carry credentials): admins only. */
@ApiTags('assistants')
@Authenticated(...ADMIN_ROLES)
@Controller('api/assistants')
export class AssistantsController {
  constructor(
    private readonly assistants: AssistantService,
    private readonly versions: AssistantVersionService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an assistant, published at once as version 1' })
  @ApiCreatedResponse({ type: AssistantView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAssistantDto): Promise<AssistantView> {
    return this.assistants.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Assistants, newest first' })
  @ApiOkResponse({ type: AssistantPageView })
  list(@CurrentActor() actor: Actor, @Query() query: AssistantListQueryDto): Promise<Page<AssistantView>> {
    return this.assistants.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: AssistantView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AssistantView> {
    return this.assistants.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the draft (channels keep serving the published version until publish)' })
  @ApiOkResponse({ type: AssistantView })
  update(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateAssistantDto,
  ): Promise<AssistantView> {
    return this.assistants.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete (soft): channels pointing at it stop answering' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.assistants.remove(actor, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the draft as the next version' })
  @ApiOkResponse({ type: AssistantView })
  @ApiConflictResponse({ description: 'nothing_to_publish: the draft equals the published version' })
  publish(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AssistantView> {
    return this.versions.publish(actor, id);
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish an old version’s configuration again, as a new version' })
  @ApiOkResponse({ type: AssistantView })
  rollback(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: RollbackDto,
  ): Promise<AssistantView> {
    return this.versions.rollback(actor, id, dto);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Published versions, newest first' })
  @ApiOkResponse({ type: AssistantVersionPageView })
  versionsList(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<AssistantVersionView>> {
    return this.versions.versions(actor, id, query);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ADMIN_ROLES,
  ApiKeyPageView,
  ApiKeyService,
  ApiKeyView,
  Authenticated,
  CreateApiKeyDto,
  CreatedApiKeyView,
  CurrentActor,
  PageQueryDto,
  type Actor,
  type Page,
} from '@cria/auth';

@ApiTags('api-keys')
@Authenticated(...ADMIN_ROLES)
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the key (cria_…) is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.apiKeys.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'API keys (never their secret)' })
  @ApiOkResponse({ type: ApiKeyPageView })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<ApiKeyView>> {
    return this.apiKeys.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiNoContentResponse()
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(actor, id);
  }
}

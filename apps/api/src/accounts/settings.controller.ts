import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADMIN_ROLES,
  ANY_ROLE,
  Authenticated,
  CurrentActor,
  Roles,
  SettingsService,
  SettingsView,
  UpdateSettingsDto,
  type Actor,
} from '@cria/auth';

@ApiTags('settings')
@Authenticated(...ADMIN_ROLES)
@Controller('api/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The workspace: name and daily quotas' })
  @ApiOkResponse({ type: SettingsView })
  get(@CurrentActor() actor: Actor): Promise<SettingsView> {
    return this.settings.get(actor);
  }

  @Patch()
  @ApiOperation({ summary: 'Rename the workspace or change its daily quotas (null: unlimited)' })
  @ApiOkResponse({ type: SettingsView })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateSettingsDto): Promise<SettingsView> {
    return this.settings.update(actor, dto);
  }
}

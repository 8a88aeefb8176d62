import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADMIN_ROLES,
  AuditEntryView,
  AuditPageView,
  AuditQueryDto,
  AuditService,
  Authenticated,
  CurrentActor,
  type Actor,
  type Page,
} from '@cria/auth';

@ApiTags('audit-log')
@Authenticated(...ADMIN_ROLES)
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Every change made through the API: who, what, target, when, from where' })
  @ApiOkResponse({ type: AuditPageView })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    return this.audit.list(actor, query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROLES, Authenticated, CurrentActor, type Actor } from '@cria/auth';
import { UsageQueryDto, UsageReportView, UsageService } from '@cria/conversations';

@ApiTags('usage')
@Authenticated(...ADMIN_ROLES)
@Controller('api/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({ summary: 'Messages and tokens per day and channel (default: the last 30 days)' })
  @ApiOkResponse({ type: UsageReportView })
  report(@CurrentActor() actor: Actor, @Query() query: UsageQueryDto): Promise<UsageReportView> {
    return this.usage.report(actor, query);
  }
}

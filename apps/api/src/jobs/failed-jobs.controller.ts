import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROLES, Authenticated, CurrentActor, type Actor, type Page } from '@cria/auth';
import { FailedJobPageView, FailedJobsQueryDto, FailedJobView } from './failed-jobs.dto';
import { FailedJobsService } from './failed-jobs.service';

@ApiTags('jobs')
@Authenticated(...ADMIN_ROLES)
@Controller('api/jobs/failed')
export class FailedJobsController {
  constructor(private readonly failed: FailedJobsService) {}

  @Get()
  @ApiOperation({ summary: 'Failed background jobs of this workspace (sends, inbound events, documents)' })
  @ApiOkResponse({ type: FailedJobPageView })
  list(@CurrentActor() actor: Actor, @Query() query: FailedJobsQueryDto): Promise<Page<FailedJobView>> {
    return this.failed.list(actor, query);
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay a failed job' })
  @ApiOkResponse({ type: FailedJobView })
  retry(
    @CurrentActor() actor: Actor,
    @Param('queue') queue: string,
    @Param('id') id: string,
  ): Promise<FailedJobView> {
    return this.failed.retry(actor, queue, id);
  }
}

import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { FailedJobsController } from './failed-jobs.controller';
import { FailedJobsService } from './failed-jobs.service';

/** /api/jobs/failed (the queues come from the global QueueModule). */
@Module({
  imports: [AuthModule],
  controllers: [FailedJobsController],
  providers: [FailedJobsService],
})
export class JobsModule {}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@cria/auth';
import { ALL_QUEUES, type QueueName } from '@cria/queue';

export class FailedJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALL_QUEUES })
  @IsOptional()
  @IsIn(ALL_QUEUES)
  queue?: QueueName;
}

export class FailedJobView {
  @ApiProperty()
  id!: string;
  @ApiProperty({ enum: ALL_QUEUES })
  queue!: QueueName;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  failedReason!: string | null;
  @ApiProperty()
  attemptsMade!: number;
  @ApiProperty({ description: 'When the job was created (ms since epoch)' })
  timestamp!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'When it failed for the last time (ms since epoch)',
  })
  finishedOn!: number | null;
}

export class FailedJobPageView {
  @ApiProperty({ type: [FailedJobView] })
  items!: FailedJobView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class PlaygroundMessageDto {
  @ApiProperty({ description: 'What the tester says to the assistant', maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  message!: string;

  @ApiPropertyOptional({ description: 'Continue this playground session (omit to start a new one)' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @ApiPropertyOptional({
    enum: ['draft', 'published'],
    default: 'draft',
    description: 'Chat with the draft or the published version',
  })
  @IsOptional()
  @IsIn(['draft', 'published'])
  source?: 'draft' | 'published';
}

export interface PlaygroundMessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  tokensIn: number | null;
  tokensOut: number | null;
  ttftMs: number | null;
  totalMs: number | null;
  createdAt: string;
}

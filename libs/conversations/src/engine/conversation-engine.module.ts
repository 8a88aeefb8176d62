import { Module } from '@nestjs/common';
import { InboxEventsModule } from '@cria/queue';
import { ConversationsModule } from '../conversations.module';
import { ConversationLocks } from './conversation-lock.service';
import { ConversationLifecycle } from './lifecycle.service';
import { SummaryService } from './summary.service';
import { TurnReplies } from './turn-replies.service';
import { TurnService } from './turn.service';

/**
 * The bot's side of a conversation (worker only: it needs the InferenceEngine, which the worker provides
 * globally through InferenceModule).
 */
@Module({
  imports: [ConversationsModule, InboxEventsModule],
  providers: [ConversationLocks, TurnReplies, TurnService, SummaryService, ConversationLifecycle],
  exports: [ConversationLocks, TurnService, SummaryService, ConversationLifecycle],
})
export class ConversationEngineModule {}

import { Module } from '@nestjs/common';
import { AssistantsModule } from '@cria/assistants';
import { AuthModule } from '@cria/auth';
import { PlaygroundStream } from '@cria/queue';
import { AssistantsController } from './assistants.controller';
import { PlaygroundController } from './playground.controller';

/** /api/assistants, and the playground to chat with one. */
@Module({
  imports: [AuthModule, AssistantsModule],
  controllers: [AssistantsController, PlaygroundController],
  providers: [PlaygroundStream],
})
export class AssistantsApiModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Assistant } from './assistant.entity';
import { AssistantService } from './assistant.service';
import { AssistantVersion } from './assistant-version.entity';
import { AssistantVersionService } from './assistant-version.service';
import { PlaygroundService } from './playground/playground.service';

/**
 * Assistants and their published versions. Light on purpose (database only), so the conversation engine
 * can import it to read published configurations (`AssistantVersionService.findPublished` or
 * `loadPublishedAssistant` inside its own tenant transaction).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Assistant, AssistantVersion])],
  providers: [AssistantService, AssistantVersionService, PlaygroundService],
  exports: [TypeOrmModule, AssistantService, AssistantVersionService, PlaygroundService],
})
export class AssistantsModule {}

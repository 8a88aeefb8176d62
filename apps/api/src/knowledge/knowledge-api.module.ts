import { Module } from '@nestjs/common';
import { AuthModule } from '@cria/auth';
import { KnowledgeModule } from '@cria/knowledge';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { KnowledgeController } from './knowledge.controller';

/** /api/knowledge. */
@Module({
  imports: [AuthModule, KnowledgeModule],
  controllers: [KnowledgeController],
  providers: [DocumentUploadInterceptor],
})
export class KnowledgeApiModule {}

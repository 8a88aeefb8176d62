import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ADMIN_ROLES, ANY_ROLE, Authenticated, CurrentActor, Roles, type Actor, type Page } from '@cria/auth';
import {
  CreateDocumentDto,
  DocumentAssistantsDto,
  DocumentListQueryDto,
  DocumentPageView,
  DocumentService,
  DocumentView,
  MAX_DOCUMENT_MIB,
  ReindexResultView,
  RetrievalService,
  SearchDto,
  SearchResultView,
  type UploadedDocumentFile,
} from '@cria/knowledge';
import { DocumentUploadInterceptor } from './document-upload.interceptor';

/** The knowledge base: documents are changed by admins; anyone in the tenant may read and search them. */
@ApiTags('knowledge')
@Authenticated(...ADMIN_ROLES)
@Controller('api/knowledge')
export class KnowledgeController {
  constructor(
    private readonly documents: DocumentService,
    private readonly retrieval: RetrievalService,
  ) {}

  @Post('documents')
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary: `Add a document: a file (.txt .md .html .pdf .docx .csv, up to ${MAX_DOCUMENT_MIB} MiB) or pasted text / FAQ pairs; ingestion runs as a job`,
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateDocumentDto })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiPayloadTooLargeResponse({ description: 'payload_too_large: the file is over the limit' })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateDocumentDto,
    @UploadedFile() file?: UploadedDocumentFile,
  ): Promise<DocumentView> {
    return this.documents.create(actor, dto, file);
  }

  @Get('documents')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Documents with their ingestion status and progress, newest first' })
  @ApiOkResponse({ type: DocumentPageView })
  list(@CurrentActor() actor: Actor, @Query() query: DocumentListQueryDto): Promise<Page<DocumentView>> {
    return this.documents.list(actor, query);
  }

  @Get('documents/:id')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: DocumentView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DocumentView> {
    return this.documents.get(actor, id);
  }

  @Delete('documents/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a document with all its passages and vectors' })
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.documents.remove(actor, id);
  }

  @Put('documents/:id/assistants')
  @ApiOperation({ summary: 'Set the assistants that may use the document' })
  @ApiOkResponse({ type: DocumentView })
  setAssistants(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: DocumentAssistantsDto,
  ): Promise<DocumentView> {
    return this.documents.setAssistants(actor, id, dto);
  }

  @Post('reindex')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue every document for ingestion again (after an embedding model change)' })
  @ApiOkResponse({ type: ReindexResultView })
  async reindex(@CurrentActor() actor: Actor): Promise<ReindexResultView> {
    return { queued: await this.documents.reindex(actor) };
  }

  @Post('search')
  @HttpCode(200)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Try retrieval: passages with vector, full-text and fused scores' })
  @ApiOkResponse({ type: SearchResultView })
  search(@CurrentActor() actor: Actor, @Body() dto: SearchDto): Promise<SearchResultView> {
    return this.retrieval.search({
      tenantId: actor.tenantId,
      query: dto.query,
      ...(dto.assistantId ? { assistantId: dto.assistantId } : {}),
      ...(dto.k ? { k: dto.k } : {}),
    });
  }
}

import { Global, Module } from '@nestjs/common';
import { DocumentService } from './document.service';
import { IngestionService } from './ingestion.service';
import { KNOWLEDGE_RETRIEVER } from './knowledge-retriever';
import { RetrievalService } from './retrieval.service';

/**
 * Documents and retrieval (api and worker). Global so that the conversation engine finds the optional
 * KNOWLEDGE_RETRIEVER wherever this module is loaded, without importing it (it works without one).
 * Retrieval uses the inference engine when the process has one (the worker), else full text only.
 */
@Global()
@Module({
  providers: [
    DocumentService,
    RetrievalService,
    { provide: KNOWLEDGE_RETRIEVER, useExisting: RetrievalService },
  ],
  exports: [DocumentService, RetrievalService, KNOWLEDGE_RETRIEVER],
})
export class KnowledgeModule {}

/** Ingestion needs the inference engine: the worker's processors import this one. */
@Module({
  imports: [KnowledgeModule],
  providers: [IngestionService],
  exports: [IngestionService],
})
export class KnowledgeIngestionModule {}

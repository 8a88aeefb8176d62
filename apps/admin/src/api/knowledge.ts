import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client';
import type { Page } from './types';

/** Shapes of libs/knowledge's views (knowledge.dto.ts), as JSON. */
export type DocumentFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx' | 'csv' | 'faq';
export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';

export interface KnowledgeDocument {
  id: string;
  name: string;
  format: DocumentFormat;
  contentType: string;
  sizeBytes: number;
  status: DocumentStatus;
  /** queued, extracting, chunking, embedding, storing, done, failed */
  stage: string;
  progress: number;
  error: string | null;
  chunkCount: number;
  embeddingModel: string | null;
  assistantIds: string[];
  indexedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FaqPair {
  question: string;
  answer: string;
}

export interface Passage {
  chunkId: string;
  documentId: string;
  documentName: string;
  position: number;
  heading: string | null;
  content: string;
  tokenCount: number;
  vectorScore: number | null;
  textScore: number | null;
  score: number;
}

export interface SearchResult {
  mode: 'hybrid' | 'text';
  passages: Passage[];
}

export interface SearchInput {
  query: string;
  assistantId?: string;
  k?: number;
}

/** What the API accepts (libs/knowledge: UPLOAD_EXTENSIONS, MAX_DOCUMENT_BYTES). */
export const UPLOAD_ACCEPT = '.txt,.text,.md,.markdown,.html,.htm,.pdf,.docx,.csv';
export const MAX_DOCUMENT_MIB = 10;

/** A document still being ingested: the list is polled until none is left. */
export function isIngesting(document: KnowledgeDocument): boolean {
  return document.status !== 'ready' && document.status !== 'failed';
}

export const knowledgeKeys = { documents: ['knowledge', 'documents'] as const };

export const knowledgeApi = {
  list: () => http.get<Page<KnowledgeDocument>>('/api/knowledge/documents', { limit: 100 }),
  upload: (file: File, assistantIds: string[] = []) => {
    const form = new FormData();
    if (assistantIds.length > 0) form.append('assistantIds', assistantIds.join(','));
    form.append('file', file, file.name);
    return http.post<KnowledgeDocument>('/api/knowledge/documents', form);
  },
  createText: (body: { name: string; text: string; assistantIds?: string[] }) =>
    http.post<KnowledgeDocument>('/api/knowledge/documents', body),
  createFaq: (body: { name: string; faq: FaqPair[]; assistantIds?: string[] }) =>
    http.post<KnowledgeDocument>('/api/knowledge/documents', body),
  remove: (id: string) => http.delete(`/api/knowledge/documents/${id}`),
  setAssistants: (id: string, assistantIds: string[]) =>
    http.put<KnowledgeDocument>(`/api/knowledge/documents/${id}/assistants`, { assistantIds }),
  reindex: () => http.post<{ queued: number }>('/api/knowledge/reindex'),
  search: (body: SearchInput) => http.post<SearchResult>('/api/knowledge/search', body),
};

/** The tenant's documents (any role may read them), polled every 1.5 s while one is being ingested. */
export function useDocuments() {
  return useQuery({
    queryKey: knowledgeKeys.documents,
    queryFn: knowledgeApi.list,
    refetchInterval: (query) => (query.state.data?.items.some(isIngesting) ? 1_500 : false),
  });
}

/** Any change to a document refreshes the list (and so restarts the polling of new uploads). */
export function useDocumentMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: knowledgeKeys.documents }),
  });
}

/** Retrieval as the assistants get it; nothing is cached (every run is a fresh try). */
export function useKnowledgeSearch() {
  return useMutation({ mutationFn: knowledgeApi.search });
}

import assert from 'node:assert/strict';
import type { ApiClient, ApiResponse, Json } from '../support/api-client';
import { eventually } from '../support/wait';

/** A document as the API shows it (the fields these tests read). */
export interface DocumentBody {
  id: string;
  name: string;
  status: 'queued' | 'processing' | 'ready' | 'failed';
  stage: string;
  progress: number;
  error: string | null;
  chunkCount: number;
  embeddingModel: string | null;
  assistantIds: string[];
}

export interface PassageBody {
  chunkId: string;
  documentId: string;
  documentName: string;
  position: number;
  heading: string | null;
  content: string;
  vectorScore: number | null;
  textScore: number | null;
  score: number;
}

export interface SearchBody {
  mode: 'hybrid' | 'text';
  passages: PassageBody[];
}

/** Searches as `token`; fails the test unless the answer is 200. */
export async function search(
  api: ApiClient,
  token: string,
  query: string,
  extra: Record<string, unknown> = {},
): Promise<SearchBody> {
  const res = await api.post('/api/knowledge/search', { query, ...extra }, token);
  assert.equal(res.status, 200, res.text);
  return res.body as unknown as SearchBody;
}

/** Uploads a file as multipart (field `file`), with optional form fields. */
export async function upload(
  api: ApiClient,
  token: string,
  fileName: string,
  bytes: Buffer,
  fields: Record<string, string> = {},
): Promise<ApiResponse> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const response = await fetch(`${api.baseUrl}/api/knowledge/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  let body: Json = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Waits until the document's ingestion ends (ready or failed) and returns it. */
export async function settled(
  api: ApiClient,
  token: string,
  id: string,
  timeoutMs = 30_000,
): Promise<DocumentBody> {
  return eventually<DocumentBody>(
    async () => {
      const res = await api.get(`/api/knowledge/documents/${id}`, token);
      assert.equal(res.status, 200, res.text);
      const body = res.body as unknown as DocumentBody;
      return body.status === 'ready' || body.status === 'failed' ? body : undefined;
    },
    { timeoutMs, what: `document ${id} to be ingested` },
  );
}

export async function createAssistant(api: ApiClient, token: string, name: string): Promise<string> {
  const res = await api.post('/api/assistants', { name, instructions: 'Answer from the documents.' }, token);
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

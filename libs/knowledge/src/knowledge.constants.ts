/** Formats a document can have: uploaded files by extension, plus pasted text (md) and FAQ pairs (faq). */
export const DOCUMENT_FORMATS = ['txt', 'md', 'html', 'pdf', 'docx', 'csv', 'faq'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_STATUSES = ['queued', 'processing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Largest uploaded file (and the original of pasted text) kept for a document. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENT_MIB = MAX_DOCUMENT_BYTES / 1024 / 1024;

/** Uploads accepted, by file extension. */
export const UPLOAD_EXTENSIONS: Readonly<Record<string, Exclude<DocumentFormat, 'faq'>>> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  pdf: 'pdf',
  docx: 'docx',
  csv: 'csv',
};

/** Chunk size and overlap, in approximate tokens (~4 characters each). */
export const CHUNK_TOKENS = 200;
export const CHUNK_OVERLAP_TOKENS = 30;
/** Texts per embedding call (progress is reported between batches). */
export const EMBED_BATCH = 16;

/** Reciprocal rank fusion constant (the usual 60). */
export const RRF_K = 60;
/** Candidates taken from each side (vector, full text) before fusion. */
export const RETRIEVAL_CANDIDATES = 40;
export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 20;
/** Tokens of passages a prompt receives at most. */
export const PROMPT_KNOWLEDGE_TOKENS = 600;

/** Approximate tokens of a text: ~4 characters per token, what most tokenizers average on prose. */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

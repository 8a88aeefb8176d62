import { createHash } from 'node:crypto';
import path from 'node:path';
import { ValidationException } from '@cria/core';
import type { CreateDocumentDto } from './knowledge.dto';
import { MAX_DOCUMENT_BYTES, UPLOAD_EXTENSIONS, type DocumentFormat } from './knowledge.constants';
import { DocumentTooLargeException, UnsupportedDocumentTypeException } from './knowledge.exceptions';

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedDocumentFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** What is stored for a new document: its bytes and how to read them. */
export interface DocumentSource {
  name: string;
  format: DocumentFormat;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  faq: 'application/json',
};

function source(name: string, format: DocumentFormat, bytes: Buffer): DocumentSource {
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new DocumentTooLargeException(bytes.length);
  return {
    name: name.trim().slice(0, 300) || 'Untitled',
    format,
    contentType: CONTENT_TYPES[format],
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * The new document a request describes: an uploaded file (its type from the extension), pasted text, or
 * FAQ pairs. Exactly one of them; anything else is a 400 that says what to send.
 */
export function documentSource(
  dto: CreateDocumentDto,
  file: UploadedDocumentFile | undefined,
): DocumentSource {
  const given = [file ? 'file' : null, dto.text !== undefined ? 'text' : null, dto.faq ? 'faq' : null].filter(
    Boolean,
  );
  if (given.length === 0)
    throw new ValidationException('Send a file (multipart field "file"), pasted "text" or "faq" pairs', {
      file: ['a file, text or faq is required'],
    });
  if (given.length > 1)
    throw new ValidationException(`Send only one of file, text or faq (got ${given.join(', ')})`, {
      file: ['only one source per document'],
    });
  if (file) {
    const extension = path.extname(file.originalname).slice(1).toLowerCase();
    const format = UPLOAD_EXTENSIONS[extension];
    if (!format) throw new UnsupportedDocumentTypeException(file.originalname);
    if (file.size === 0 || file.buffer.length === 0)
      throw new ValidationException(`"${file.originalname}" is empty`, { file: ['the file is empty'] });
    return source(dto.name ?? file.originalname, format, file.buffer);
  }
  if (dto.text !== undefined) {
    if (!dto.text.trim())
      throw new ValidationException('text is empty', { text: ['text must not be blank'] });
    return source(dto.name ?? 'Pasted text', 'md', Buffer.from(dto.text, 'utf8'));
  }
  const pairs = (dto.faq ?? []).map((pair) => ({ question: pair.question, answer: pair.answer }));
  if (pairs.length === 0) throw new ValidationException('faq has no pairs', { faq: ['at least one pair'] });
  return source(dto.name ?? 'FAQ', 'faq', Buffer.from(JSON.stringify(pairs), 'utf8'));
}

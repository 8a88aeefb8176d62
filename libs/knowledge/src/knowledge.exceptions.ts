import { AppException, NotFoundException, PayloadTooLargeException, ValidationException } from '@cria/core';
import { MAX_DOCUMENT_MIB } from './knowledge.constants';

export class DocumentNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Document', id);
  }
}

export class DocumentTooLargeException extends PayloadTooLargeException {
  constructor(size?: number) {
    super(
      `The file is larger than the ${MAX_DOCUMENT_MIB} MiB limit for a document` +
        (size === undefined ? '' : ` (${(size / 1024 / 1024).toFixed(1)} MiB)`),
      { limitBytes: MAX_DOCUMENT_MIB * 1024 * 1024 },
    );
  }
}

export class UnsupportedDocumentTypeException extends ValidationException {
  constructor(fileName: string) {
    super(`"${fileName}" is not a supported document type: upload .txt, .md, .html, .pdf, .docx or .csv`, {
      file: ['unsupported document type'],
    });
  }
}

/** The text of a document cannot be read (a broken PDF, a DOCX that is not a zip…): the document fails. */
export class ExtractionException extends AppException {
  readonly code = 'extraction_failed';
  readonly status = 422;
}

import type { DocumentFormat } from '../knowledge.constants';
import { ExtractionException } from '../knowledge.exceptions';
import type { Block } from './block';
import { extractCsv } from './csv.extractor';
import { extractDocx } from './docx.extractor';
import { extractFaq } from './faq.extractor';
import { extractHtml } from './html.extractor';
import { extractMarkdown, extractPlainText } from './markdown.extractor';
import { extractPdf } from './pdf.extractor';

export type { Block } from './block';
export type { FaqPair } from './faq.extractor';

/** Text bytes as UTF-8; a file with NUL bytes is binary, not text. */
function utf8(bytes: Buffer, format: string): string {
  if (bytes.includes(0)) throw new ExtractionException(`could not read ${format}: the file is not text`);
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** The structure of a document's text, by format. Throws ExtractionException when it cannot be read. */
export async function extractBlocks(format: DocumentFormat, bytes: Buffer): Promise<Block[]> {
  switch (format) {
    case 'txt':
      return extractPlainText(utf8(bytes, 'text'));
    case 'md':
      return extractMarkdown(utf8(bytes, 'Markdown'));
    case 'html':
      return extractHtml(utf8(bytes, 'HTML'));
    case 'pdf':
      return extractPdf(bytes);
    case 'docx':
      return extractDocx(bytes);
    case 'csv':
      return extractCsv(bytes);
    case 'faq':
      return extractFaq(bytes);
  }
}

import mammoth from 'mammoth';
import { ExtractionException } from '../knowledge.exceptions';
import type { Block } from './block';
import { extractHtml } from './html.extractor';

/** DOCX through mammoth's HTML (Heading 1–6 styles become headings, tables become rows). */
export async function extractDocx(bytes: Buffer): Promise<Block[]> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (error) {
    throw new ExtractionException(
      `could not read DOCX: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return extractHtml(html);
}

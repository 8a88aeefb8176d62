import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs' with { 'resolution-mode': 'import' };
import { ExtractionException } from '../knowledge.exceptions';
import { cleanText, type Block } from './block';

/** The fields of a pdf.js text item this extractor reads. */
interface TextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
}

type PdfJs = typeof PdfJsModule;

let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js is ESM only: loaded once, on the first PDF. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/**
 * PDF text with pdf.js (legacy build, in this thread: no worker, no eval, no fonts). Lines come from the
 * items' end-of-line marks; a blank line or a larger vertical gap separates paragraphs; each page starts
 * a new paragraph. A PDF without a text layer (a scan) yields nothing, which the ingestion reports.
 */
export async function extractPdf(bytes: Buffer): Promise<Block[]> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const blocks: Block[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let line = '';
      let paragraph: string[] = [];
      let lastY: number | undefined;
      const flushParagraph = () => {
        const text = cleanText(paragraph.join(' '));
        if (text) blocks.push({ kind: 'paragraph', text });
        paragraph = [];
      };
      const flushLine = () => {
        if (line.trim()) paragraph.push(line.trim());
        else flushParagraph();
        line = '';
      };
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const item: TextItem = raw;
        const y = item.transform[5];
        const size = Math.abs(item.transform[3]) || 12;
        if (lastY !== undefined && line === '' && Math.abs(lastY - y) > size * 1.8) flushParagraph();
        line += item.str;
        if (item.hasEOL) {
          flushLine();
          lastY = y;
        }
      }
      flushLine();
      flushParagraph();
      page.cleanup();
    }
    return blocks;
  } catch (error) {
    throw new ExtractionException(
      `could not read PDF: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await task.destroy();
  }
}

/**
 * What an extractor produces: the document's structure, in order. Headings open sections (chunks never
 * cross a heading), paragraphs may be split and overlapped, rows (table rows, CSV rows, FAQ pairs) are
 * kept whole and only grouped.
 */
export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'row'; text: string };

/** Normalises whitespace inside a line of extracted text. */
export function cleanText(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t\f\v]+/g, ' ')
    .trim();
}

import { cleanText, type Block } from './block';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const TABLE_ROW = /^\|(.+)\|\s*$/;
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const FENCE = /^(```|~~~)/;

/**
 * Plain text and Markdown (also the output of the HTML and DOCX extractors): `#` headings, paragraphs
 * separated by blank lines, table rows (`| a | b |`, rendered "header: value; …" when the table has a
 * header row), fenced code kept as one paragraph. Plain text is the same without the markup.
 */
export function extractMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let header: string[] | null = null;
  let fence: string[] | null = null;
  const flush = () => {
    const joined = cleanText(paragraph.join(' '));
    if (joined) blocks.push({ kind: 'paragraph', text: joined });
    paragraph = [];
  };
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (fence) {
      if (FENCE.test(line.trim())) {
        if (fence.join('\n').trim()) blocks.push({ kind: 'paragraph', text: fence.join('\n').trim() });
        fence = null;
      } else fence.push(line);
      continue;
    }
    const trimmed = line.trim();
    if (FENCE.test(trimmed)) {
      flush();
      fence = [];
      continue;
    }
    const heading = HEADING.exec(trimmed);
    if (heading) {
      flush();
      header = null;
      blocks.push({ kind: 'heading', level: heading[1].length, text: cleanText(heading[2]) });
      continue;
    }
    const row = TABLE_ROW.exec(trimmed);
    if (row) {
      flush();
      if (TABLE_RULE.test(trimmed)) continue;
      const cells = row[1].split('|').map((cell) => cleanText(cell));
      const next = lines[i + 1]?.trim() ?? '';
      if (header === null && TABLE_RULE.test(next)) {
        header = cells;
        continue;
      }
      const text = header
        ? cells
            .map((cell, index) => (header?.[index] ? `${header[index]}: ${cell}` : cell))
            .filter((cell) => cell.replace(/^[^:]*:\s*/, '') !== '')
            .join('; ')
        : cells.filter(Boolean).join('; ');
      if (text) blocks.push({ kind: 'row', text });
      continue;
    }
    header = null;
    if (!trimmed) flush();
    else paragraph.push(trimmed);
  }
  if (fence?.join('\n').trim()) blocks.push({ kind: 'paragraph', text: fence.join('\n').trim() });
  flush();
  return blocks;
}

/** Plain text: paragraphs separated by blank lines, no markup interpreted. */
export function extractPlainText(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((part) => cleanText(part.replace(/\n/g, ' ')))
    .filter(Boolean)
    .map((part) => ({ kind: 'paragraph', text: part }));
}

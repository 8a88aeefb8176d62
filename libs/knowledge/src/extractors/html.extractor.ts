import { htmlToText, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';
import type { Block } from './block';
import { extractMarkdown } from './markdown.extractor';

interface Element {
  name?: string;
  children?: Element[];
}

const heading: FormatCallback = (elem, walk, builder, formatOptions) => {
  const level = typeof formatOptions.level === 'number' ? formatOptions.level : 1;
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(`${'#'.repeat(level)} `);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

/** A table row as a Markdown row; a row of header cells is followed by a rule, so rows read "h: v; …". */
const row: FormatCallback = (elem, walk, builder) => {
  const cells = ((elem as Element).children ?? []).filter((c) => c.name === 'td' || c.name === 'th');
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral('|');
  walk(elem.children, builder);
  if (cells.length > 0 && cells.every((c) => c.name === 'th')) {
    builder.addLiteral('\n|');
    builder.addLiteral(cells.map(() => ' --- |').join(''));
  }
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const cell: FormatCallback = (elem, walk, builder) => {
  builder.addLiteral(' ');
  walk(elem.children, builder);
  builder.addLiteral(' |');
};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: { mdHeading: heading, mdRow: row, mdCell: cell },
  selectors: [
    ...[1, 2, 3, 4, 5, 6].map((level) => ({
      selector: `h${level}`,
      format: 'mdHeading',
      options: { level },
    })),
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'mdRow' },
    { selector: 'th', format: 'mdCell' },
    { selector: 'td', format: 'mdCell' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'nav', format: 'skip' },
  ],
};

/** HTML (and DOCX through mammoth's HTML): headings, paragraphs and table rows survive as structure. */
export function extractHtml(html: string): Block[] {
  return extractMarkdown(htmlToText(html, OPTIONS));
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExtractionException, chunkBlocks, extractBlocks } from '@cria/knowledge';
import { minimalDocx, minimalPdf } from './document-fixtures';

test('PDF: text of a hand-written PDF, lines joined and a gap starting a new paragraph', async () => {
  const blocks = await extractBlocks(
    'pdf',
    minimalPdf(['Opening hours are', 'nine to five.', '', 'The Zephyr X200 costs 149.99 EUR.']),
  );
  assert.deepEqual(blocks, [
    { kind: 'paragraph', text: 'Opening hours are nine to five.' },
    { kind: 'paragraph', text: 'The Zephyr X200 costs 149.99 EUR.' },
  ]);
});

test('PDF: unreadable bytes fail with a clear reason', async () => {
  await assert.rejects(
    extractBlocks('pdf', Buffer.from('%PDF-1.4 this is not really a pdf')),
    (error: unknown) => error instanceof ExtractionException && /^could not read PDF: /.test(error.message),
  );
});

test('DOCX: headings and paragraphs of a minimal DOCX (store-only zip)', async () => {
  const blocks = await extractBlocks(
    'docx',
    minimalDocx([
      { text: 'Returns', heading: 1 },
      { text: 'You may return any item within 30 days.' },
      { text: 'Exceptions', heading: 2 },
      { text: 'Gift cards are final.' },
    ]),
  );
  assert.deepEqual(blocks, [
    { kind: 'heading', level: 1, text: 'Returns' },
    { kind: 'paragraph', text: 'You may return any item within 30 days.' },
    { kind: 'heading', level: 2, text: 'Exceptions' },
    { kind: 'paragraph', text: 'Gift cards are final.' },
  ]);
  assert.deepEqual(
    chunkBlocks(blocks).map((c) => c.content),
    ['Returns\nYou may return any item within 30 days.', 'Returns > Exceptions\nGift cards are final.'],
  );
});

test('DOCX: a file that is not a zip fails with a clear reason', async () => {
  await assert.rejects(
    extractBlocks('docx', Buffer.from('plain words, not a document')),
    (error: unknown) => error instanceof ExtractionException && /^could not read DOCX: /.test(error.message),
  );
});

test('CSV: each row becomes "column: value; …", empty cells left out', async () => {
  const csv = '\uFEFFProduct,Price,Note\nZephyr X200,149.99 EUR,\n"Aero, Mk II",99 EUR,sale\n';
  assert.deepEqual(await extractBlocks('csv', Buffer.from(csv)), [
    { kind: 'row', text: 'Product: Zephyr X200; Price: 149.99 EUR' },
    { kind: 'row', text: 'Product: Aero, Mk II; Price: 99 EUR; Note: sale' },
  ]);
});

test('HTML: headings, paragraphs and table rows; scripts dropped', async () => {
  const html =
    '<h1>Shop</h1><script>alert(1)</script><p>We sell <b>bikes</b>.</p><table><tr><th>Item</th><th>Price</th></tr><tr><td>Zephyr</td><td>149</td></tr></table>';
  assert.deepEqual(await extractBlocks('html', Buffer.from(html)), [
    { kind: 'heading', level: 1, text: 'Shop' },
    { kind: 'paragraph', text: 'We sell bikes.' },
    { kind: 'row', text: 'Item: Zephyr; Price: 149' },
  ]);
});

test('text and FAQ', async () => {
  assert.deepEqual(await extractBlocks('txt', Buffer.from('# not a heading\n\nsecond\nline')), [
    { kind: 'paragraph', text: '# not a heading' },
    { kind: 'paragraph', text: 'second line' },
  ]);
  assert.deepEqual(
    await extractBlocks('faq', Buffer.from(JSON.stringify([{ question: 'Open on Sunday?', answer: 'No.' }]))),
    [{ kind: 'row', text: 'Q: Open on Sunday?\nA: No.' }],
  );
  await assert.rejects(extractBlocks('txt', Buffer.from([0x41, 0x00, 0x42])), ExtractionException);
});

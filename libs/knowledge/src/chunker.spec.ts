import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkBlocks } from './chunker';
import { extractMarkdown } from './extractors/markdown.extractor';
import { approxTokens } from './knowledge.constants';

const sentence = (n: number) => `Sentence number ${n} talks about the product in some detail.`;

test('a heading always starts a new chunk, and heads every chunk under it', () => {
  const md = [
    '# Shop',
    'We sell bicycles.',
    '## Prices',
    'The Zephyr X200 costs 149 euros.',
    '## Returns',
    'Returns are accepted within 30 days.',
  ].join('\n\n');
  const chunks = chunkBlocks(extractMarkdown(md), { maxTokens: 200 });
  assert.deepEqual(
    chunks.map((c) => [c.heading, c.content]),
    [
      ['Shop', 'Shop\nWe sell bicycles.'],
      ['Shop > Prices', 'Shop > Prices\nThe Zephyr X200 costs 149 euros.'],
      ['Shop > Returns', 'Shop > Returns\nReturns are accepted within 30 days.'],
    ],
  );
  assert.deepEqual(
    chunks.map((c) => c.position),
    [0, 1, 2],
  );
});

test('long prose is split within the budget, with overlap between consecutive pieces', () => {
  const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
  const chunks = chunkBlocks([{ kind: 'paragraph', text }], { maxTokens: 60, overlapTokens: 10 });
  assert.ok(chunks.length > 3, `expected several chunks, got ${chunks.length}`);
  for (const chunk of chunks)
    assert.ok(chunk.tokenCount <= 60, `${chunk.tokenCount} tokens: ${chunk.content}`);
  for (let i = 1; i < chunks.length; i += 1) {
    const previousEnd = chunks[i - 1].content.slice(-20);
    assert.ok(chunks[i].content.includes(previousEnd), `chunk ${i} does not start with the end of ${i - 1}`);
  }
  // every sentence survives somewhere
  for (let i = 0; i < 40; i += 1) assert.ok(chunks.some((c) => c.content.includes(sentence(i))));
});

test('rows are grouped whole and never overlapped', () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({
    kind: 'row' as const,
    text: `Product: Item ${i}; Price: ${i * 10} EUR`,
  }));
  const chunks = chunkBlocks(rows, { maxTokens: 50 });
  assert.ok(chunks.length > 1);
  const lines = chunks.flatMap((c) => c.content.split('\n'));
  assert.deepEqual(
    lines,
    rows.map((r) => r.text),
  );
  for (const chunk of chunks) assert.ok(approxTokens(chunk.content) <= 50);
});

test('markdown tables become "header: value" rows', () => {
  const blocks = extractMarkdown('| Product | Price |\n| --- | --- |\n| Zephyr X200 | 149 EUR |\n');
  assert.deepEqual(blocks, [{ kind: 'row', text: 'Product: Zephyr X200; Price: 149 EUR' }]);
});

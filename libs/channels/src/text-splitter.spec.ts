import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureText, splitText } from './text-splitter';

const sentence = (i: number) => `Sentence number ${i} talks about the opening hours of the shop.`;
const paragraph = (p: number, sentences: number) =>
  Array.from({ length: sentences }, (_, i) => sentence(p * 100 + i)).join(' ');

test('text within the limit is one part; empty text is none', () => {
  assert.deepEqual(splitText('  Hello!  ', { limit: 4096 }), ['Hello!']);
  assert.deepEqual(splitText('   ', { limit: 4096 }), []);
  assert.throws(() => splitText('x', { limit: 0 }), RangeError);
});

test('WhatsApp 4096: cuts at paragraph boundaries first', () => {
  const paragraphs = Array.from({ length: 5 }, (_, p) => paragraph(p, 20)); // ~1300 chars each
  const text = paragraphs.join('\n\n');
  assert.ok(text.length > 4096);
  const parts = splitText(text, { limit: 4096 });
  assert.ok(parts.length >= 2);
  for (const part of parts) assert.ok(part.length <= 4096, `part of ${part.length}`);
  // Every cut fell between paragraphs: each part is a run of whole paragraphs.
  assert.equal(parts.join('\n\n'), text);
  for (const part of parts) assert.ok(paragraphs.some((p) => part.endsWith(p)));
});

test('Messenger 2000: a long paragraph is cut after a sentence', () => {
  const text = paragraph(1, 60); // ~3900 chars, one paragraph
  const parts = splitText(text, { limit: 2000 });
  assert.equal(parts.length, 2);
  assert.ok(parts[0].length <= 2000 && parts[0].length >= 1000);
  assert.ok(parts[0].endsWith('shop.'), 'ends at a sentence');
  assert.ok(parts[1].startsWith('Sentence number'));
  assert.equal(parts.join(' '), text);
});

test('without punctuation it cuts between words; a giant word is cut hard', () => {
  const words = Array.from({ length: 800 }, (_, i) => `word${i}`).join(' ');
  const parts = splitText(words, { limit: 2000 });
  for (const part of parts) {
    assert.ok(part.length <= 2000);
    assert.match(part, /^word\d+( word\d+)*$/, 'only whole words');
  }
  assert.equal(parts.join(' '), words);

  const giant = 'a'.repeat(5000);
  assert.deepEqual(
    splitText(giant, { limit: 4096 }).map((p) => p.length),
    [4096, 904],
  );
});

test('Instagram counts UTF-8 bytes: emoji and accents cost more, and are never broken', () => {
  const emoji = '😀'.repeat(300); // 1200 bytes, 600 UTF-16 units, no spaces
  assert.equal(measureText(emoji, 'utf8-bytes'), 1200);
  const parts = splitText(emoji, { limit: 1000, measure: 'utf8-bytes' });
  assert.deepEqual(
    parts.map((p) => Buffer.byteLength(p)),
    [1000, 200],
  );
  assert.equal(parts.join(''), emoji);
  for (const part of parts)
    assert.equal(Buffer.from(part, 'utf8').toString('utf8'), part, 'no lone surrogates');

  const family = '👨‍👩‍👧'.repeat(100); // 18 bytes each: a cut must fall between families
  for (const part of splitText(family, { limit: 1000, measure: 'utf8-bytes' })) {
    assert.ok(Buffer.byteLength(part) <= 1000);
    assert.equal(part.length % '👨‍👩‍👧'.length, 0, 'whole grapheme clusters only');
  }

  const accents = 'Café à la crème. '.repeat(80).trim(); // 1500+ bytes, fewer characters
  assert.ok(accents.length < 1400 && Buffer.byteLength(accents) > 1400);
  const accentParts = splitText(accents, { limit: 1000, measure: 'utf8-bytes' });
  assert.equal(accentParts.length, 2);
  for (const part of accentParts) {
    assert.ok(Buffer.byteLength(part) <= 1000);
    assert.ok(part.endsWith('crème.'), 'cut after a sentence');
  }
  // Counting characters instead of bytes would have kept it in one part over Instagram's limit.
  assert.equal(splitText(accents, { limit: 1400 }).length, 1);
});

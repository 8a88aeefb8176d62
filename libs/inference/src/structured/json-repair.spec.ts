import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeTruncatedJson, parseAndRepair } from './json-repair';
import { WHATSAPP_REPLY_BUTTONS_SCHEMA } from './schemas';

describe('closeTruncatedJson', () => {
  const cases: Array<[string, unknown]> = [
    ['{"a": "hel', { a: 'hel' }],
    ['{"a": 1, "b": [1, 2', { a: 1, b: [1, 2] }],
    ['{"a": 1, "b', { a: 1 }],
    ['{"a": 1, "b": ', { a: 1 }],
    ['{"a": tru', {}],
    ['{"a": "x\\', { a: 'x' }],
    ['[{"t": "a"}, {"t": "b', [{ t: 'a' }, { t: 'b' }]],
    ['{"a": 12.', {}],
  ];
  for (const [text, expected] of cases) {
    it(`closes ${text}`, () => {
      const closed = closeTruncatedJson(text);
      assert.ok(closed !== undefined, 'no closing found');
      assert.deepEqual(JSON.parse(closed), expected);
    });
  }
});

describe('parseAndRepair', () => {
  it('leaves a valid reply untouched', () => {
    const text = '{"body": "Hi", "buttons": [{"id": "1", "title": "Yes"}]}';
    const result = parseAndRepair(text, WHATSAPP_REPLY_BUTTONS_SCHEMA);
    assert.equal(result.repaired, false);
    assert.deepEqual(result.value, JSON.parse(text));
  });

  it('trims titles and button lists to the WhatsApp limits and fills what is missing', () => {
    const text = JSON.stringify({
      body: 'Pick one',
      buttons: [1, 2, 3, 4].map((i) => ({
        id: String(i),
        title: `A title far longer than twenty characters ${i}`,
      })),
    });
    const result = parseAndRepair(text, WHATSAPP_REPLY_BUTTONS_SCHEMA);
    const value = result.value as { buttons: Array<{ title: string }> };
    assert.equal(result.repaired, true);
    assert.equal(value.buttons.length, 3);
    for (const button of value.buttons) assert.ok([...button.title].length <= 20);
    assert.deepEqual(JSON.parse(result.text), value);
  });

  it('completes a reply cut short and satisfies required fields and minimum lengths', () => {
    const result = parseAndRepair('{"body": "Choose', WHATSAPP_REPLY_BUTTONS_SCHEMA);
    assert.equal(result.repaired, true);
    assert.deepEqual(result.value, { body: 'Choose', buttons: [{ id: '', title: '-' }] });
  });

  it('counts characters, not UTF-16 units', () => {
    const result = parseAndRepair('"😀😀😀😀"', { type: 'string', maxLength: 3 });
    assert.equal(result.value, '😀😀😀');
  });

  it('returns an empty valid value for text that is not JSON at all', () => {
    const result = parseAndRepair('not json', {
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
    });
    assert.deepEqual(result.value, { ok: false });
  });
});

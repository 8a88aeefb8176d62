import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatHistoryItem } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import type { ChatTurn } from '../inference.types';
import { buildHistoryWindow } from './history-window';

function itemText(item: ChatHistoryItem): string {
  if (item.type === 'model')
    return item.response.filter((part): part is string => typeof part === 'string').join('');
  return typeof item.text === 'string' ? item.text : '';
}

/** One token per character of content plus 4 per item, like a template's overhead. */
function countTokens(items: readonly ChatHistoryItem[]): number {
  return items.reduce((sum, item) => sum + 4 + itemText(item).length, 4);
}

const turns = (n: number): ChatTurn[] =>
  Array.from({ length: n }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `turn-${String(i).padStart(2, '0')}`,
  }));

describe('buildHistoryWindow', () => {
  const base = { countTokens, truncate: (text: string, tokens: number) => text.slice(0, tokens) };

  it('keeps everything that fits', () => {
    const window = buildHistoryWindow({ ...base, system: 'Be brief.', history: turns(5), budget: 1000 });
    assert.equal(window.turnsUsed, 5);
    assert.equal(window.turnsDropped, 0);
    assert.equal(window.items[0].type, 'system');
  });

  it('keeps the system part and the newest turns within the budget, dropping the oldest', () => {
    const history = turns(21);
    const window = buildHistoryWindow({
      ...base,
      system: 'Be brief.',
      summary: 'They asked about bread.',
      history,
      budget: 200,
    });
    assert.ok(window.promptTokens <= 200, `prompt ${window.promptTokens} tokens`);
    assert.ok(window.turnsDropped > 0);
    const system = window.items[0];
    assert.equal(system.type, 'system');
    assert.match(itemText(system), /Be brief\.[\s\S]*They asked about bread\./);
    const kept = window.items.slice(1).map(itemText);
    assert.deepEqual(
      kept,
      history.slice(history.length - kept.length).map((turn) => turn.content),
    );
    assert.equal(window.items[1].type, 'user', 'the window opens with a user turn');
    // Cut to 70% of the budget (room for the next turns): the next older exchange would not have fitted that.
    assert.ok(window.promptTokens <= 140);
    assert.ok(window.turnsUsed >= 3);
    const older = history.slice(history.length - kept.length - 2, history.length - kept.length);
    const olderItems = older.map((turn): ChatHistoryItem =>
      turn.role === 'user'
        ? { type: 'user', text: turn.content }
        : { type: 'model', response: [turn.content] },
    );
    const withOlder = [system, ...olderItems, ...window.items.slice(1)];
    assert.ok(countTokens(withOlder) > 140);
  });

  it('keeps starting at the same turn while it fits, so the prompt prefix stays the same', () => {
    const history = turns(21);
    const first = buildHistoryWindow({ ...base, system: 'Be brief.', history, budget: 120 });
    const firstTurn = (window: { items: ChatHistoryItem[] }) => itemText(window.items[1]);
    let anchor = first.anchor;
    assert.ok(anchor);
    const starts = [firstTurn(first)];
    let grown = history;
    for (let i = 0; i < 6; i++) {
      grown = [
        ...grown,
        { role: 'assistant', content: `reply-${i}` },
        { role: 'user', content: `next-${i}` },
      ];
      const window = buildHistoryWindow({
        ...base,
        system: 'Be brief.',
        history: grown,
        budget: 120,
        anchor,
      });
      assert.ok(window.promptTokens <= 120);
      assert.equal(itemText(window.items.at(-1)!), `next-${i}`);
      starts.push(firstTurn(window));
      anchor = window.anchor;
    }
    assert.equal(starts[1], starts[0], 'the next message keeps the window start');
    assert.ok(
      new Set(starts).size <= 3,
      `the start moved ${new Set(starts).size - 1} times in 6 messages: ${starts.join(', ')}`,
    );
  });

  it('cuts the latest user message when it alone exceeds the budget', () => {
    const history: ChatTurn[] = [
      ...turns(3),
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'x'.repeat(500) },
    ];
    const window = buildHistoryWindow({ ...base, system: 'Be brief.', history, budget: 100 });
    assert.equal(window.latestTruncated, true);
    assert.equal(window.turnsUsed, 1);
    assert.ok(window.promptTokens <= 100);
  });

  it('rejects a history that does not end with a user turn, or a system part over budget', () => {
    assert.throws(
      () => buildHistoryWindow({ ...base, history: turns(2), budget: 100 }),
      /end with a user turn/,
    );
    assert.throws(
      () => buildHistoryWindow({ ...base, system: 'x'.repeat(200), history: turns(1), budget: 100 }),
      /system instructions alone/,
    );
  });
});

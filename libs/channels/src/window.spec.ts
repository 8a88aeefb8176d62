import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGING_WINDOW_MS, messagingWindow } from './window';

const now = new Date('2026-06-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

test('open within 24 h of the last inbound message, with its expiry', () => {
  const w = messagingWindow('whatsapp', hoursAgo(23), now);
  assert.equal(w.open, true);
  assert.equal(w.requiresTemplate, false);
  assert.equal(w.expiresAt?.toISOString(), '2026-06-01T13:00:00.000Z');
  assert.equal(w.remainingMs, 3_600_000);
  assert.equal(MESSAGING_WINDOW_MS, 86_400_000);
});

test('closed after 24 h: WhatsApp needs a template; Messenger/Instagram may use HUMAN_AGENT for 7 days', () => {
  const wa = messagingWindow('whatsapp', hoursAgo(25), now);
  assert.deepEqual(
    [wa.open, wa.requiresTemplate, wa.remainingMs, wa.humanAgentUntil],
    [false, true, 0, null],
  );
  const fb = messagingWindow('messenger', hoursAgo(25), now);
  assert.deepEqual([fb.open, fb.requiresTemplate], [false, false]);
  assert.equal(
    fb.humanAgentUntil?.toISOString(),
    new Date(hoursAgo(25).getTime() + 7 * 86_400_000).toISOString(),
  );
  assert.equal(messagingWindow('instagram', hoursAgo(24 * 8), now).humanAgentUntil, null);
  assert.equal(messagingWindow('instagram', hoursAgo(24), now).open, false, 'exactly 24 h is closed');
});

test('never wrote: closed, no expiry', () => {
  assert.deepEqual(messagingWindow('whatsapp', null, now), {
    open: false,
    expiresAt: null,
    remainingMs: 0,
    requiresTemplate: true,
    humanAgentUntil: null,
  });
  assert.equal(messagingWindow('messenger', undefined, now).requiresTemplate, false);
});

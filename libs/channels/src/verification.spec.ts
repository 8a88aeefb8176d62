import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeEqual, verifySubscription } from './verification';

const query = (overrides: Record<string, unknown> = {}) => ({
  'hub.mode': 'subscribe',
  'hub.verify_token': 'my-verify-token',
  'hub.challenge': '1158201444',
  ...overrides,
});

test('a correct handshake returns the challenge verbatim, as a string', () => {
  assert.deepEqual(verifySubscription(query(), 'my-verify-token'), { ok: true, challenge: '1158201444' });
  // Leading zeros and huge numbers survive: the challenge is never parsed as a number.
  const odd = verifySubscription(query({ 'hub.challenge': '00012345678901234567890' }), 'my-verify-token');
  assert.deepEqual(odd, { ok: true, challenge: '00012345678901234567890' });
});

test('URLSearchParams works the same', () => {
  const params = new URLSearchParams('hub.mode=subscribe&hub.verify_token=t%C3%B6ken&hub.challenge=abc');
  assert.deepEqual(verifySubscription(params, 'töken'), { ok: true, challenge: 'abc' });
});

test('wrong or missing token, wrong mode and missing challenge are refused', () => {
  assert.deepEqual(verifySubscription(query({ 'hub.verify_token': 'nope' }), 'my-verify-token'), {
    ok: false,
    reason: 'wrong_token',
  });
  assert.deepEqual(
    verifySubscription(query({ 'hub.verify_token': 'my-verify-token-x' }), 'my-verify-token'),
    {
      ok: false,
      reason: 'wrong_token',
    },
  );
  assert.deepEqual(verifySubscription(query({ 'hub.verify_token': undefined }), 'my-verify-token'), {
    ok: false,
    reason: 'missing_token',
  });
  assert.deepEqual(verifySubscription(query({ 'hub.mode': 'unsubscribe' }), 'my-verify-token'), {
    ok: false,
    reason: 'wrong_mode',
  });
  assert.deepEqual(verifySubscription(query({ 'hub.mode': undefined }), 'my-verify-token'), {
    ok: false,
    reason: 'wrong_mode',
  });
  assert.deepEqual(verifySubscription(query({ 'hub.challenge': '' }), 'my-verify-token'), {
    ok: false,
    reason: 'missing_challenge',
  });
  // A repeated parameter (array) is ambiguous and refused.
  assert.deepEqual(
    verifySubscription(query({ 'hub.verify_token': ['my-verify-token', 'x'] }), 'my-verify-token'),
    {
      ok: false,
      reason: 'missing_token',
    },
  );
});

test('an empty expected token never matches', () => {
  assert.deepEqual(verifySubscription(query({ 'hub.verify_token': '' }), ''), {
    ok: false,
    reason: 'missing_token',
  });
  assert.deepEqual(verifySubscription(query(), ''), { ok: false, reason: 'wrong_token' });
});

test('safeEqual compares content and length', () => {
  assert.equal(safeEqual('abc', 'abc'), true);
  assert.equal(safeEqual('abc', 'abd'), false);
  assert.equal(safeEqual('abc', 'abcd'), false);
});

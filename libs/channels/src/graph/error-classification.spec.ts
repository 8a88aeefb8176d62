import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyMetaError, graphErrorFromNetwork, retryAfterFromHeaders } from './error-classification';

const withCode = (code: string, cause?: unknown) => Object.assign(new Error(code, { cause }), { code });

test('network failures: not sent before the connection, ambiguous after', () => {
  const none = { callerAborted: false, deadlineHit: false };
  const connectTimeout = graphErrorFromNetwork(withCode('UND_ERR_CONNECT_TIMEOUT'), none);
  assert.deepEqual(
    [connectTimeout.reason, connectTimeout.ambiguous, connectTimeout.classification],
    ['timeout', false, 'transient'],
  );
  const dns = graphErrorFromNetwork(withCode('ENOTFOUND'), none);
  assert.deepEqual([dns.reason, dns.ambiguous], ['network', false]);

  const headers = graphErrorFromNetwork(withCode('UND_ERR_HEADERS_TIMEOUT'), none);
  assert.deepEqual([headers.reason, headers.ambiguous], ['timeout', true]);
  const reset = graphErrorFromNetwork(withCode('UND_ERR_SOCKET', withCode('ECONNRESET')), none);
  assert.deepEqual([reset.reason, reset.ambiguous], ['network', true]);
  const deadline = graphErrorFromNetwork(new Error('aborted'), { callerAborted: false, deadlineHit: true });
  assert.deepEqual([deadline.reason, deadline.ambiguous], ['timeout', true]);
  const caller = graphErrorFromNetwork(new Error('aborted'), { callerAborted: true, deadlineHit: false });
  assert.deepEqual([caller.reason, caller.ambiguous], ['aborted', true]);
});

test('HTTP-only verdicts and Meta flags', () => {
  assert.deepEqual(classifyMetaError(401, undefined), { classification: 'auth', reason: 'token_invalid' });
  assert.deepEqual(classifyMetaError(408, undefined), { classification: 'transient', reason: 'timeout' });
  assert.deepEqual(classifyMetaError(400, { code: 12345, is_transient: true }), {
    classification: 'transient',
    reason: 'server_error',
  });
  assert.deepEqual(classifyMetaError(400, { code: 190, error_subcode: 467, type: 'OAuthException' }), {
    classification: 'auth',
    reason: 'token_invalid',
  });
  assert.deepEqual(classifyMetaError(400, { code: 131031 }), {
    classification: 'permanent',
    reason: 'policy',
  });
});

test('Retry-After as seconds or date; usage header in minutes; garbage ignored', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  assert.equal(retryAfterFromHeaders({ 'retry-after': '3' }, now), 3_000);
  assert.equal(retryAfterFromHeaders({ 'retry-after': 'Mon, 01 Jun 2026 12:00:30 GMT' }, now), 30_000);
  assert.equal(
    retryAfterFromHeaders(
      { 'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":5}]}' },
      now,
    ),
    300_000,
  );
  assert.equal(retryAfterFromHeaders({ 'x-business-use-case-usage': 'not json' }, now), undefined);
  assert.equal(retryAfterFromHeaders({}, now), undefined);
});

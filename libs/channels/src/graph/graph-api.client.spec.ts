import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { Logger } from '@nestjs/common';
import { FakeGraphApi } from '@cria/testing';
import { WhatsAppSender } from '../whatsapp/whatsapp.sender';
import { GraphApiClient } from './graph-api.client';
import { GraphApiError } from './graph-api.error';

const VERSION = 'v23.0';
const TARGET = { externalId: '106540352242922', accessToken: 'EAAG-test-token' };
let fake: FakeGraphApi;
let client: GraphApiClient;

before(async () => {
  Logger.overrideLogger(false); // the failures below are expected; keep the output readable
  fake = await FakeGraphApi.start();
  client = new GraphApiClient({ graphUrl: fake.url, graphVersion: VERSION, timeoutMs: 300 });
});
after(async () => {
  await client.close();
  await fake.close();
});
beforeEach(() => fake.clear());

async function failure(promise: Promise<unknown>): Promise<GraphApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GraphApiError, `expected a GraphApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const send = () =>
  client.post(
    [TARGET.externalId, 'messages'],
    { messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'hi' } },
    TARGET.accessToken,
  );

test('calls go to {graphUrl}/{version}/{id}/messages with the Bearer token, as JSON', async () => {
  const answer = await send();
  const [request] = fake.requests;
  assert.equal(request.method, 'POST');
  assert.equal(request.path, `/${VERSION}/${TARGET.externalId}/messages`);
  assert.equal(request.headers.authorization, 'Bearer EAAG-test-token');
  assert.match(String(request.headers['content-type']), /application\/json/);
  assert.deepEqual(answer, request.response?.body);
  assert.equal(client.url(['a/b', 'c']), `${fake.url}/${VERSION}/a%2Fb/c`);
  assert.throws(() => new GraphApiClient({ graphUrl: fake.url, graphVersion: '23' }), /v23\.0/);
});

test('keep-alive: sequential calls reuse pooled connections', async () => {
  const before = fake.connectionCount;
  const sender = new WhatsAppSender(client);
  for (let i = 0; i < 10; i += 1)
    await sender.send(TARGET, '15551234567', { type: 'text', text: `message ${i}` });
  assert.equal(fake.requests.length, 10);
  // The pool may hand a call to a second socket while the first is finishing; never one socket per call.
  assert.ok(new Set(fake.requests.map((r) => r.socketId)).size <= 2, 'ten calls over at most two sockets');
  assert.ok(fake.connectionCount - before <= 2, 'at most two new connections');

  const single = new GraphApiClient({ graphUrl: fake.url, graphVersion: VERSION, connections: 1 });
  try {
    fake.clear();
    for (let i = 0; i < 5; i += 1)
      await new WhatsAppSender(single).send(TARGET, '15551234567', { type: 'text', text: `again ${i}` });
    assert.equal(new Set(fake.requests.map((r) => r.socketId)).size, 1, 'one socket for five calls');
  } finally {
    await single.close();
  }
});

const CASES: Array<{
  code: number;
  status?: number;
  subcode?: number;
  type?: string;
  expect: [string, string];
  retryAfterMs?: number;
}> = [
  { code: 131047, expect: ['permanent', 'outside_window'] },
  { code: 10, subcode: 2018278, status: 400, expect: ['permanent', 'outside_window'] },
  { code: 131026, expect: ['permanent', 'recipient_unavailable'] },
  { code: 551, expect: ['permanent', 'recipient_unavailable'] },
  { code: 100, subcode: 2018001, expect: ['permanent', 'recipient_unavailable'] },
  { code: 100, expect: ['permanent', 'invalid_request'] },
  { code: 131051, expect: ['permanent', 'unsupported_message'] },
  { code: 368, expect: ['permanent', 'policy'] },
  { code: 130429, expect: ['transient', 'rate_limited'], retryAfterMs: 1_000 },
  { code: 131048, expect: ['transient', 'rate_limited'], retryAfterMs: 60_000 },
  { code: 131056, expect: ['transient', 'rate_limited'], retryAfterMs: 6_000 },
  { code: 4, status: 403, expect: ['transient', 'rate_limited'], retryAfterMs: 60_000 },
  { code: 80007, expect: ['transient', 'rate_limited'] },
  { code: 2, expect: ['transient', 'server_error'] },
  { code: 1, expect: ['transient', 'server_error'] },
  { code: 131000, status: 500, expect: ['transient', 'server_error'] },
  { code: 190, status: 401, expect: ['auth', 'token_invalid'] },
  { code: 190, subcode: 463, expect: ['auth', 'token_invalid'] },
  { code: 102, expect: ['auth', 'token_invalid'] },
  { code: 10, expect: ['auth', 'permission'] },
  { code: 200, status: 403, expect: ['auth', 'permission'] },
  { code: 999_999, status: 400, expect: ['permanent', 'invalid_request'] },
  { code: 999_999, status: 503, expect: ['transient', 'server_error'] },
];

test('every Meta error is classified (real HTTP against the fake)', async () => {
  for (const c of CASES) {
    fake.failNext({ code: c.code, subcode: c.subcode, status: c.status });
    const error = await failure(send());
    const label = `code ${c.code}${c.subcode ? `/${c.subcode}` : ''}`;
    assert.deepEqual([error.classification, error.reason], c.expect, label);
    assert.equal(error.code, c.code, label);
    assert.equal(error.subcode, c.subcode, label);
    assert.equal(error.ambiguous, false, label);
    assert.equal(error.retryable, c.expect[0] === 'transient', label);
    assert.match(error.fbtraceId ?? '', /^[\w-]{8,}$/, label);
    if (c.retryAfterMs !== undefined) assert.equal(error.retryAfterMs, c.retryAfterMs, label);
  }
  assert.equal(fake.requests.length, CASES.length);
});

test('error details, Retry-After and usage headers, HTML 5xx, 429, 504', async () => {
  fake.failNext({ code: 131047 });
  const window = await failure(send());
  assert.match(window.details ?? '', /24 hours/);
  assert.equal(window.httpStatus, 400);
  assert.match(window.message, /\(#131047\) Re-engagement message/);

  fake.respondNext({ status: 429, body: {}, headers: { 'retry-after': '7' } });
  const throttled = await failure(send());
  assert.deepEqual(
    [throttled.classification, throttled.reason, throttled.retryAfterMs],
    ['transient', 'rate_limited', 7_000],
  );

  const usage = JSON.stringify({
    '102290129340398': [
      {
        type: 'whatsapp',
        call_count: 100,
        total_cputime: 25,
        total_time: 25,
        estimated_time_to_regain_access: 2,
      },
    ],
  });
  fake.failNext({ code: 80007, headers: { 'x-business-use-case-usage': usage } });
  assert.equal((await failure(send())).retryAfterMs, 120_000);

  fake.respondNext({ status: 502, body: '<html>Bad Gateway</html>' });
  const html = await failure(send());
  assert.deepEqual([html.classification, html.reason, html.ambiguous], ['transient', 'server_error', false]);

  fake.respondNext({ status: 504, body: {} });
  const gateway = await failure(send());
  assert.deepEqual([gateway.classification, gateway.ambiguous], ['transient', true]);

  fake.failNext({ code: 1, isTransient: true, status: 400 });
  assert.equal((await failure(send())).classification, 'transient');
});

test('a hung request times out as ambiguous (it was sent); a slow one within the timeout succeeds', async () => {
  fake.hang();
  const started = Date.now();
  const hung = await failure(send());
  assert.deepEqual([hung.classification, hung.reason, hung.ambiguous], ['transient', 'timeout', true]);
  assert.ok(Date.now() - started < 1_500, 'gave up near the 300 ms timeout');
  assert.equal(fake.requests.length, 1, 'the request did reach the server');

  fake.delay(100, { times: 1 });
  assert.ok(await send());
});

test('a connection reset after sending is ambiguous; a refused connection is not', async () => {
  fake.resetConnection();
  const reset = await failure(send());
  assert.deepEqual([reset.classification, reset.reason, reset.ambiguous], ['transient', 'network', true]);

  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const nowhere = new GraphApiClient({
    graphUrl: `http://127.0.0.1:${port}`,
    graphVersion: VERSION,
    timeoutMs: 300,
  });
  try {
    const refused = await failure(nowhere.post(['1', 'messages'], {}, 'token'));
    assert.deepEqual(
      [refused.classification, refused.reason, refused.ambiguous],
      ['transient', 'network', false],
    );
  } finally {
    await nowhere.close();
  }
});

test('caller abort, non-JSON success and a missing token', async () => {
  fake.delay(500, { times: 1 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const aborted = await failure(
    client.post(['1', 'messages'], {}, 'token', { signal: controller.signal, timeoutMs: 2_000 }),
  );
  assert.equal(aborted.reason, 'aborted');

  fake.respondNext({ status: 200, body: 'not json' });
  const odd = await failure(send());
  assert.deepEqual([odd.reason, odd.ambiguous], ['unexpected_response', true]);
  fake.clear();

  const noToken = await failure(client.post(['1', 'messages'], {}, ''));
  assert.equal(noToken.classification, 'auth');
  assert.equal(fake.requests.length, 0, 'nothing was sent');
});

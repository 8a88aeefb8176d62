import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { FakeGraphApi } from './fake-graph-api';

let fake: FakeGraphApi;
before(async () => {
  fake = await FakeGraphApi.start();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.clear());

const auth = { authorization: 'Bearer token', 'content-type': 'application/json' };
async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = auth,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${fake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const json: unknown = await res.json();
  return { status: res.status, json };
}

test('listens on 127.0.0.1 with a random port and records each request', async () => {
  assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await post('/v23.0/123/messages?x=1', {
    messaging_product: 'whatsapp',
    to: '+1 555 0100',
    type: 'text',
    text: { body: 'hi' },
  });
  const [r] = fake.requests;
  assert.equal(r.method, 'POST');
  assert.equal(r.path, '/v23.0/123/messages');
  assert.deepEqual(r.query, { x: '1' });
  assert.equal(r.headers.authorization, 'Bearer token');
  assert.deepEqual(r.body, {
    messaging_product: 'whatsapp',
    to: '+1 555 0100',
    type: 'text',
    text: { body: 'hi' },
  });
  assert.ok(r.at instanceof Date);
  assert.ok(r.socketId >= 1);
});

test('answers like Meta: WhatsApp, Messenger/Instagram, sender actions, mark read, GET node', async () => {
  const wa = await post('/v23.0/123/messages', {
    messaging_product: 'whatsapp',
    to: '+1 555 0100',
    type: 'text',
    text: { body: 'hi' },
  });
  assert.equal(wa.status, 200);
  const waBody = wa.json as {
    messaging_product: string;
    contacts: Array<{ input: string; wa_id: string }>;
    messages: Array<{ id: string }>;
  };
  assert.equal(waBody.messaging_product, 'whatsapp');
  assert.deepEqual(waBody.contacts, [{ input: '+1 555 0100', wa_id: '15550100' }]);
  assert.match(waBody.messages[0].id, /^wamid\./);

  const fb = await post('/v23.0/page/messages', {
    recipient: { id: 'psid' },
    messaging_type: 'RESPONSE',
    message: { text: 'hi' },
  });
  assert.equal((fb.json as { recipient_id: string }).recipient_id, 'psid');
  assert.match((fb.json as { message_id: string }).message_id, /^m_/);

  assert.deepEqual(
    (await post('/v23.0/page/messages', { recipient: { id: 'psid' }, sender_action: 'typing_on' })).json,
    { recipient_id: 'psid' },
  );
  assert.deepEqual(
    (
      await post('/v23.0/123/messages', {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.X',
      })
    ).json,
    { success: true },
  );

  fake.registerPhoneNumber('123', { displayPhoneNumber: '+1 555-0100', verifiedName: 'Shop' });
  const node = await fetch(`${fake.url}/v23.0/123?fields=id,display_phone_number,verified_name`, {
    headers: auth,
  });
  assert.deepEqual(await node.json(), {
    id: '123',
    display_phone_number: '+1 555-0100',
    verified_name: 'Shop',
    quality_rating: 'GREEN',
  });
  const page = await fetch(`${fake.url}/v23.0/999?fields=id,name`, { headers: auth });
  assert.deepEqual(await page.json(), { id: '999', name: 'Cria Test Page' });
});

test('refuses like Meta: no token, bad body, unknown path or version', async () => {
  const noToken = await post('/v23.0/123/messages', {}, { 'content-type': 'application/json' });
  assert.equal(noToken.status, 401);
  assert.equal((noToken.json as { error: { code: number } }).error.code, 190);
  const noProduct = await post('/v23.0/123/messages', { to: '1' });
  assert.equal(noProduct.status, 400);
  assert.equal((noProduct.json as { error: { code: number } }).error.code, 100);
  assert.equal((await post('/v23.0/123/subscribed_apps', {})).status, 400);
  assert.equal(((await post('/messages', {})).json as { error: { code: number } }).error.code, 2500);
});

test('failNext: Meta error shape, status, per path, a number of times', async () => {
  fake.failNext({ code: 131047, path: '/111/', times: 2 });
  const wa = { messaging_product: 'whatsapp', to: '1', type: 'text', text: { body: 'x' } };
  assert.equal((await post('/v23.0/222/messages', wa)).status, 200, 'other paths unaffected');
  const failed = await post('/v23.0/111/messages', wa);
  assert.equal(failed.status, 400);
  const error = (failed.json as { error: Record<string, unknown> }).error;
  assert.equal(error.code, 131047);
  assert.equal(error.message, '(#131047) Re-engagement message');
  assert.equal(error.type, 'OAuthException');
  assert.match(String((error.error_data as { details: string }).details), /24 hours/);
  assert.equal(typeof error.fbtrace_id, 'string');
  assert.equal((await post('/v23.0/111/messages', wa)).status, 400);
  assert.equal((await post('/v23.0/111/messages', wa)).status, 200, 'only twice');

  fake.failNext({ code: 2 });
  assert.equal((await post('/v23.0/1/messages', wa)).status, 500);
  fake.failNext({ code: 190, subcode: 463, status: 401 });
  const expired = await post('/v23.0/1/messages', wa);
  assert.deepEqual(
    [expired.status, (expired.json as { error: { error_subcode: number } }).error.error_subcode],
    [401, 463],
  );
});

test('delay, hang, reset and waitForRequests', async () => {
  fake.delay(120, { times: 1 });
  const started = Date.now();
  await post('/v23.0/1/messages', { recipient: { id: 'p' }, message: { text: 'x' } });
  assert.ok(Date.now() - started >= 110);

  fake.hang();
  const controller = new AbortController();
  const hung = fetch(`${fake.url}/v23.0/1/messages`, {
    method: 'POST',
    headers: auth,
    body: '{}',
    signal: controller.signal,
  });
  const seen = await fake.waitForRequests(2, { timeoutMs: 1_000 });
  assert.equal(seen.length, 2);
  assert.equal(seen[1].response, undefined, 'no answer was given');
  controller.abort();
  await assert.rejects(hung);

  fake.resetConnection();
  await assert.rejects(fetch(`${fake.url}/v23.0/1/messages`, { method: 'POST', headers: auth, body: '{}' }));
  assert.equal(fake.requests.length, 3);

  await assert.rejects(
    fake.waitForRequests(10, { timeoutMs: 50 }),
    /expected 10 requests within 50 ms, got 3/,
  );
});

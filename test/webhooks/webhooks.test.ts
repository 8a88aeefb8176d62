import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import {
  ownerQuery,
  whatsappTextPayload,
  whatsappStatusPayload,
  combineDeliveries,
  messengerTextPayload,
  signBody,
} from '@cria/testing';
import { seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const APP_SECRET = 'platform-app-secret';
const VERIFY_TOKEN = 'platform-verify-token';
let app: TestApp;
let wa: SeededChannel;
let queue: Queue;

before(async () => {
  app = await startTestApp({
    worker: false,
    env: { META_APP_SECRET: APP_SECRET, META_VERIFY_TOKEN: VERIFY_TOKEN },
  });
  wa = await seedChannel(app);
  queue = new Queue('inbound', { connection: { url: app.env.REDIS_URL }, prefix: app.redisPrefix });
});
after(async () => {
  await queue.close();
  await app.close();
});

const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: 'POST', body, headers });

/** A POST sent in chunks with node:http (fetch cannot stream a body without a length here). */
function rawPost(
  path: string,
  options: { headers: Record<string, string>; chunks: Buffer[] },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method: 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks) req.write(chunk);
    req.end();
  });
}

const storedEvents = (providerEventId?: string) =>
  ownerQuery<{ id: string; tenant_id: string | null; status: string; kind: string }>(
    app.db.url,
    `SELECT id, tenant_id, status, kind FROM inbound_events ${providerEventId ? 'WHERE provider_event_id = $1' : ''} ORDER BY received_at`,
    providerEventId ? [providerEventId] : [],
  );

test('verification handshake echoes the challenge byte for byte as text/plain', async () => {
  for (const challenge of ['1158201444', '00123', 'abc-XYZ_9']) {
    const response = await fetch(
      `${app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=${challenge}`,
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await response.text(), challenge);
  }
});

test('a wrong or missing verify token or mode is refused with 403 and no challenge', async () => {
  for (const query of [
    `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=424242`,
    `hub.verify_token=${VERIFY_TOKEN}&hub.challenge=424242`,
    `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=424242`,
    `hub.mode=subscribe&hub.challenge=424242`,
  ]) {
    const response = await fetch(`${app.url}/webhooks/messenger?${query}`);
    assert.equal(response.status, 403, query);
    assert.doesNotMatch(await response.text(), /424242/);
  }
  assert.equal((await fetch(`${app.url}/webhooks/telegram?hub.mode=subscribe`)).status, 404);
});

test('the per-channel handshake uses that channel’s verify token', async () => {
  const own = await seedChannel(app, { appSecret: 'tenant-own-secret' });
  const ok = await fetch(
    `${app.url}/webhooks/whatsapp/${own.channelId}?hub.mode=subscribe&hub.verify_token=${own.verifyToken}&hub.challenge=77`,
  );
  assert.equal(await ok.text(), '77');
  const platformToken = await fetch(
    `${app.url}/webhooks/whatsapp/${own.channelId}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=77`,
  );
  assert.equal(platformToken.status, 403);
});

test('a signed message is stored and enqueued before the 200', async () => {
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33612345678',
    text: 'Bonjour, vous êtes ouverts ?',
  });
  const response = await post('/webhooks/whatsapp', delivery.body, delivery.headers(APP_SECRET));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    received: 1,
    stored: 1,
    duplicates: 0,
    unroutable: 0,
    enqueued: 1,
  });
  const wamid = (
    delivery.payload.entry[0] as { changes: Array<{ value: { messages: Array<{ id: string }> } }> }
  ).changes[0].value.messages[0].id;
  const [row] = await storedEvents(wamid);
  assert.equal(row.tenant_id, wa.tenantId);
  assert.equal(row.status, 'pending');
  const job = await queue.getJob(row.id);
  assert.deepEqual(job?.data, { tenantId: wa.tenantId, eventId: row.id, channelId: wa.channelId });
});

test('the same payload delivered three times produces exactly one event', async () => {
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33600000001',
    text: 'three times',
  });
  const results = [];
  for (let i = 0; i < 3; i += 1)
    results.push(
      await (await post('/webhooks/whatsapp', delivery.body, delivery.headers(APP_SECRET))).json(),
    );
  assert.deepEqual(
    results.map((r) => (r as { stored: number }).stored),
    [1, 0, 0],
  );
  const wamid = (
    delivery.payload.entry[0] as { changes: Array<{ value: { messages: Array<{ id: string }> } }> }
  ).changes[0].value.messages[0].id;
  assert.equal((await storedEvents(wamid)).length, 1);
});

test('missing, malformed or wrong signatures are refused with 401 and nothing is stored', async () => {
  const before = (await storedEvents()).length;
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33600000002',
    text: 'forgé ☕',
  });
  const cases: Array<Record<string, string>> = [
    { 'content-type': 'application/json' },
    { 'content-type': 'application/json', 'x-hub-signature-256': 'md5=abc' },
    { 'content-type': 'application/json', 'x-hub-signature-256': signBody(delivery.body, 'wrong-secret') },
    // signed over a re-serialised body (non-ASCII unescaped): not the bytes received
    {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(JSON.stringify(delivery.payload), APP_SECRET),
    },
  ];
  for (const headers of cases) {
    const response = await post('/webhooks/whatsapp', delivery.body, headers);
    assert.equal(response.status, 401, JSON.stringify(headers));
  }
  assert.equal((await storedEvents()).length, before);
  assert.match(app.logs.text, /bad signature/);
});

test('oversized bodies get 413 and non-JSON bodies 400, logged with a reason', async () => {
  const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
  const tooLarge = await post('/webhooks/whatsapp', big, {
    'content-type': 'application/json',
    'x-hub-signature-256': signBody(big, APP_SECRET),
  });
  assert.equal(tooLarge.status, 413);
  const notJson = Buffer.from('hello=world');
  const bad = await post('/webhooks/whatsapp', notJson, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-hub-signature-256': signBody(notJson, APP_SECRET),
  });
  assert.equal(bad.status, 400);
  assert.match(app.logs.text, /not JSON/);
  assert.equal((await fetch(`${app.url}/health/live`)).status, 200, 'the process is still serving');
});

test('a streamed body over 1 MiB (no Content-Length) gets 413; a compressed one 415; nothing stored', async () => {
  const before = (await storedEvents()).length;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const streamed = await rawPost('/webhooks/whatsapp', {
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    chunks: Array.from({ length: 20 }, () => chunk),
  });
  assert.equal(streamed.status, 413);
  assert.equal((JSON.parse(streamed.body) as { code: string }).code, 'payload_too_large');

  const delivery = whatsappTextPayload({ phoneNumberId: wa.externalId, from: '33600000005', text: 'gz' });
  const compressed = await post('/webhooks/whatsapp', gzipSync(delivery.body), {
    ...delivery.headers(APP_SECRET),
    'content-encoding': 'gzip',
  });
  assert.equal(compressed.status, 415);
  assert.equal((await storedEvents()).length, before);
  assert.match(app.logs.text, /body not read/);
});

test('a client that goes away mid-body leaves nothing stored and the server serving', async () => {
  const before = (await storedEvents()).length;
  await new Promise<void>((resolve, reject) => {
    const { port } = new URL(app.url);
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        'POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"object":',
      );
      setTimeout(() => socket.destroy(), 50);
    });
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  const delivery = whatsappTextPayload({ phoneNumberId: wa.externalId, from: '33600000006', text: 'after' });
  const response = await post('/webhooks/whatsapp', delivery.body, delivery.headers(APP_SECRET));
  assert.equal(response.status, 200);
  assert.equal((await storedEvents()).length, before + 1);
});

test('webhook posts answer like the rest of the API: error shape, request id, timed by route', async () => {
  const unknown = await post('/webhooks/telegram', '{}', { 'content-type': 'application/json' });
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), {
    statusCode: 404,
    code: 'not_found',
    message: 'Webhook endpoint was not found',
    details: { resource: 'Webhook endpoint' },
  });
  const unsigned = await post('/webhooks/whatsapp', '{}', {
    'content-type': 'application/json',
    'x-request-id': 'meta-retry-42',
  });
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.headers.get('x-request-id'), 'meta-retry-42');
  assert.equal(((await unsigned.json()) as { code: string }).code, 'unauthorized');
  assert.match(app.logs.text, /meta-retry-42/);

  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  assert.match(
    metrics,
    /cria_http_request_duration_seconds_count\{method="POST",route="\/webhooks\/:type",status="200"\} [1-9]/,
  );
  assert.match(
    metrics,
    /cria_http_request_duration_seconds_count\{method="POST",route="\/webhooks\/:type",status="401"\} [1-9]/,
  );
});

test('events for an unknown or disabled channel are acknowledged, recorded as unroutable and not enqueued', async () => {
  const disabled = await seedChannel(app, { status: 'disabled' });
  for (const phoneNumberId of ['999000999000', disabled.externalId]) {
    const delivery = whatsappTextPayload({ phoneNumberId, from: '33600000003', text: 'anyone?' });
    const response = await post('/webhooks/whatsapp', delivery.body, delivery.headers(APP_SECRET));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { unroutable: number; enqueued: number };
    assert.equal(body.unroutable, 1);
    assert.equal(body.enqueued, 0);
  }
  const rows = await ownerQuery<{ n: number }>(
    app.db.url,
    `SELECT count(*)::int AS n FROM inbound_events WHERE status = 'unroutable' AND tenant_id IS NULL`,
  );
  assert.equal(rows[0].n, 2);
});

test('one POST with several entries for two tenants stores each event under its own tenant', async () => {
  const other = await seedChannel(app);
  const a = whatsappTextPayload({ phoneNumberId: wa.externalId, from: '33600000004', text: 'for A' });
  const b = whatsappTextPayload({ phoneNumberId: other.externalId, from: '33600000005', text: 'for B' });
  const s = whatsappStatusPayload({
    phoneNumberId: other.externalId,
    recipientId: '33600000005',
    wamid: 'wamid.unknown-yet',
    status: 'delivered',
  });
  const batch = combineDeliveries(a, b, s);
  const response = await post('/webhooks/whatsapp', batch.body, batch.headers(APP_SECRET));
  assert.deepEqual(await response.json(), {
    received: 3,
    stored: 3,
    duplicates: 0,
    unroutable: 0,
    enqueued: 3,
  });
  const rows = await ownerQuery<{ tenant_id: string; kind: string }>(
    app.db.url,
    `SELECT tenant_id, kind FROM inbound_events WHERE tenant_id = ANY($1) AND received_at > now() - interval '1 minute' ORDER BY kind`,
    [[wa.tenantId, other.tenantId]],
  );
  assert.ok(rows.some((r) => r.tenant_id === wa.tenantId && r.kind === 'message'));
  assert.ok(rows.some((r) => r.tenant_id === other.tenantId && r.kind === 'message'));
  assert.ok(rows.some((r) => r.tenant_id === other.tenantId && r.kind === 'status'));
});

test('a tenant’s own Meta app: its channel URL checks that app’s secret, not the platform’s', async () => {
  const own = await seedChannel(app, { type: 'messenger', appSecret: 'tenant-own-secret' });
  const delivery = messengerTextPayload({
    accountId: own.externalId,
    userId: '24000000001',
    text: 'hi page',
  });
  assert.equal(
    (await post(`/webhooks/messenger/${own.channelId}`, delivery.body, delivery.headers(APP_SECRET))).status,
    401,
  );
  const ok = await post(
    `/webhooks/messenger/${own.channelId}`,
    delivery.body,
    delivery.headers('tenant-own-secret'),
  );
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { stored: number }).stored, 1);
  assert.equal(
    (
      await post(
        `/webhooks/messenger/00000000-0000-0000-0000-000000000000`,
        delivery.body,
        delivery.headers(APP_SECRET),
      )
    ).status,
    401,
  );
});

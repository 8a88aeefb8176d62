import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ownerQuery, whatsappTextPayload } from '@cria/testing';
import { seedChannel, type SeededChannel } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let wa: SeededChannel;

before(async () => {
  // Nothing listens on port 1: Redis is "down" for this whole app.
  app = await startTestApp({
    worker: false,
    env: { META_APP_SECRET: 's3cret', REDIS_URL: 'redis://127.0.0.1:1' },
  });
  wa = await seedChannel(app);
});
after(() => app.close());

test('with Redis down, a webhook is still stored in Postgres and acknowledged (the reconciler enqueues it later)', async () => {
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33611111111',
    text: 'is anyone there?',
  });
  const started = Date.now();
  const response = await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers('s3cret'),
  });
  assert.equal(response.status, 200);
  assert.ok(Date.now() - started < 5_000, 'answers within Meta’s patience even without Redis');
  assert.deepEqual(await response.json(), {
    received: 1,
    stored: 1,
    duplicates: 0,
    unroutable: 0,
    enqueued: 0,
  });
  const rows = await ownerQuery<{ status: string }>(
    app.db.url,
    `SELECT status FROM inbound_events WHERE tenant_id = $1`,
    [wa.tenantId],
  );
  assert.deepEqual(rows, [{ status: 'pending' }]);
  const ready = await fetch(`${app.url}/health/ready`);
  assert.equal(ready.status, 503);
});

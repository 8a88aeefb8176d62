import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeGraphApi, ownerQuery, whatsappTextPayload } from '@cria/testing';
import { ConversationLocks } from '@cria/conversations';
import { ReconcilerService } from '../../apps/worker/src/maintenance/reconciler.service';
import { seedChannel, type SeededChannel } from '../support/fixtures';
import { clearRedisPrefix } from '../support/test-env';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;

before(async () => {
  graph = await FakeGraphApi.start();
  app = await startTestApp({
    env: { META_APP_SECRET: 's', META_GRAPH_URL: graph.url, BURST_WINDOW_MS: '60000' },
  });
  wa = await seedChannel(app);
});
after(async () => {
  await app.close();
  await graph.close();
});

test('after Redis loses everything, the reconciler resumes every unfinished event and send from Postgres', async () => {
  // An event stored but never processed, and a reply written but never sent, as if Redis had been flushed.
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33698760001',
    text: 'lost in Redis',
  });
  const response = await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers('s'),
  });
  assert.equal(response.status, 200);
  await eventually(
    async () =>
      (await ownerQuery(app.db.url, `SELECT 1 FROM messages WHERE content = 'lost in Redis'`)).length > 0,
  );
  const [conversation] = await ownerQuery<{ id: string }>(
    app.db.url,
    `SELECT conversation_id AS id FROM messages WHERE content = 'lost in Redis'`,
  );

  await ownerQuery(
    app.db.url,
    `UPDATE inbound_events SET status = 'pending', received_at = now() - interval '1 minute' WHERE tenant_id = $1`,
    [wa.tenantId],
  );
  const [reply] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, idempotency_key, updated_at)
     VALUES ($1, $2, $3, 'outbound', 'assistant', 'found again', 'pending', 'reconcile-test', now() - interval '1 minute') RETURNING id`,
    [wa.tenantId, conversation.id, wa.channelId],
  );
  await clearRedisPrefix(app.env.REDIS_URL, app.redisPrefix);

  const restored = await app.app.get(ReconcilerService).run();
  assert.deepEqual(restored, { inbound: 1, outbound: 1, turns: 0 });
  await eventually(
    async () =>
      (
        await ownerQuery<{ status: string }>(app.db.url, `SELECT status FROM messages WHERE id = $1`, [
          reply.id,
        ])
      )[0].status === 'sent',
  );
  await eventually(
    async () =>
      (
        await ownerQuery(
          app.db.url,
          `SELECT 1 FROM inbound_events WHERE tenant_id = $1 AND status = 'processed'`,
          [wa.tenantId],
        )
      ).length === 1,
  );
  // the re-processed event did not record the customer's message twice
  assert.equal(
    (await ownerQuery(app.db.url, `SELECT 1 FROM messages WHERE content = 'lost in Redis'`)).length,
    1,
  );
  assert.equal(graph.requests.filter((r) => JSON.stringify(r.body).includes('found again')).length, 1);
  // a second pass finds nothing more to do
  assert.deepEqual(
    (({ inbound, outbound }) => ({ inbound, outbound }))(await app.app.get(ReconcilerService).run()),
    { inbound: 0, outbound: 0 },
  );
});

test('a reply a live turn is still sending is left alone; once its worker is gone, the reconciler sends it', async () => {
  const delivery = whatsappTextPayload({
    phoneNumberId: wa.externalId,
    from: '33698760002',
    text: 'in flight',
  });
  await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers('s'),
  });
  const [conversation] = await eventually(async () => {
    const rows = await ownerQuery<{ id: string }>(
      app.db.url,
      `SELECT conversation_id AS id FROM messages WHERE content = 'in flight'`,
    );
    return rows.length ? rows : undefined;
  });
  const [reply] = await ownerQuery<{ id: string }>(
    app.db.url,
    `INSERT INTO messages (tenant_id, conversation_id, channel_id, direction, role, content, status, idempotency_key, updated_at)
     VALUES ($1, $2, $3, 'outbound', 'assistant', 'slow send', 'sending', 'reconcile-in-flight', now() - interval '1 minute') RETURNING id`,
    [wa.tenantId, conversation.id, wa.channelId],
  );
  // A turn of this conversation holds its lock (as while its Graph call is slow).
  const lock = await app.app.get(ConversationLocks).acquire(conversation.id);
  assert.ok(lock);
  const reconciler = app.app.get(ReconcilerService);
  assert.equal((await reconciler.run()).outbound, 0);
  await lock.release();
  assert.equal((await reconciler.run()).outbound, 1);
  await eventually(
    async () =>
      (
        await ownerQuery<{ status: string }>(app.db.url, `SELECT status FROM messages WHERE id = $1`, [
          reply.id,
        ])
      )[0].status === 'sent',
  );
  assert.equal(graph.requests.filter((r) => JSON.stringify(r.body).includes('slow send')).length, 1);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app';

let withWorker: TestApp;
let apiOnly: TestApp;

before(async () => {
  [withWorker, apiOnly] = await Promise.all([startTestApp(), startTestApp({ worker: false })]);
});
after(async () => {
  await Promise.all([withWorker.close(), apiOnly.close()]);
});

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('live answers as soon as HTTP is up', async () => {
  const { status, body } = await getJson(`${apiOnly.url}/health/live`);
  assert.equal(status, 200);
  assert.deepEqual(body, { status: 'ok' });
});

test('ready reports Postgres, Redis and the worker’s model state', async () => {
  // the worker loads its model in the background: ready follows within seconds
  let result = await getJson(`${withWorker.url}/health/ready`);
  for (let i = 0; i < 100 && result.status !== 200; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    result = await getJson(`${withWorker.url}/health/ready`);
  }
  const { status, body } = result;
  assert.equal(status, 200, JSON.stringify(body));
  const details = body.details as Record<string, { status: string }>;
  assert.equal(details.postgres.status, 'up');
  assert.equal(details.redis.status, 'up');
  assert.equal(details.model.status, 'up');
  assert.equal((details.model as unknown as { state: string }).state, 'ready');
  assert.equal(
    (details.model as unknown as { demo: boolean }).demo,
    true,
    'no MODEL_PATH: the demo model, and it says so',
  );
});

test('ready is 503 and says why when no worker runs', async () => {
  const { status, body } = await getJson(`${apiOnly.url}/health/ready`);
  assert.equal(status, 503);
  assert.match(JSON.stringify(body.error), /no worker is running/);
});

test('metrics are exposed in Prometheus format, with HTTP timings by route', async () => {
  await fetch(`${withWorker.url}/health/live`);
  const response = await fetch(`${withWorker.url}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.match(text, /cria_process_resident_memory_bytes/);
  assert.match(
    text,
    /cria_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\}/,
  );
});

test('OpenAPI is served at /api/docs-json', async () => {
  const { status, body } = await getJson(`${withWorker.url}/api/docs-json`);
  assert.equal(status, 200);
  assert.equal(body.openapi?.toString().startsWith('3'), true);
});

test('unknown routes answer a JSON 404 with a code', async () => {
  const { status, body } = await getJson(`${withWorker.url}/api/nothing-here`);
  assert.equal(status, 404);
  assert.equal(body.code, 'not_found');
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { FakeGraphApi, ownerQuery, type RecordedRequest } from '@cria/testing';
import { customerSays, seedChannel, type SeededChannel } from '../support/fixtures';
import { clearRedisPrefix } from '../support/test-env';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';

const SECRET = 'crash-secret';
let graph: FakeGraphApi;
let app: TestApp;
let wa: SeededChannel;
let redis: Redis;
let worker: ChildProcess | undefined;

/** A real worker process (npm run start:worker), sharing the test's database, Redis prefix and fake Graph API. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--require', './scripts/register.js', 'apps/worker/src/main.ts'], {
    env: {
      ...process.env,
      ...app.env,
      META_APP_SECRET: SECRET,
      META_GRAPH_URL: graph.url,
      BURST_WINDOW_MS: '300',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

before(async () => {
  graph = await FakeGraphApi.start();
  // The api only (webhooks in); turns run in a separate worker process this test can kill.
  app = await startTestApp({ worker: false, env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url } });
  // A long reply keeps the turn busy long enough to kill the worker in the middle of it.
  wa = await seedChannel(app, {
    assistant: { model: { temperature: 0, topP: 1, maxTokens: 400, historyTokens: 400, stop: [] } },
  });
  redis = new Redis(app.env.REDIS_URL);
});
after(async () => {
  worker?.kill('SIGKILL');
  redis.disconnect();
  await app.close();
  await graph.close();
});

const repliesTo = (to: string): RecordedRequest[] =>
  graph.requests.filter((r) => (r.body as { to?: string } | undefined)?.to === to);

const say = (from: string, text: string) =>
  customerSays({ url: app.url, secret: SECRET, channel: wa }, from, text);

test(
  'a worker killed with SIGKILL in the middle of a turn, then restarted: exactly one reply',
  { timeout: 120_000 },
  async () => {
    worker = startWorker();
    const from = '33799000001';
    await say(from, 'Tell me everything about your menu');
    // the turn holds the conversation's lock while the model generates: kill the worker then
    await eventually(async () => (await redis.keys(`${app.redisPrefix}:lock:conversation:*`)).length > 0, {
      what: 'a turn in progress',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    assert.equal(repliesTo(from).length, 0, 'killed before the reply went out');

    worker = startWorker();
    await eventually(async () => repliesTo(from).length > 0, {
      what: 'the reply after restart',
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(repliesTo(from).length, 1);
    const rows = await ownerQuery(
      app.db.url,
      `SELECT 1 FROM messages WHERE direction = 'outbound' AND role = 'assistant'`,
    );
    assert.equal(rows.length, 1);
  },
);

test(
  'Redis flushed mid-flight: every turn is still answered exactly once',
  { timeout: 120_000 },
  async () => {
    // No worker while the messages arrive, so their jobs are surely waiting in Redis when it is emptied.
    worker?.kill('SIGKILL');
    const customers = ['33799000011', '33799000012', '33799000013', '33799000014'];
    await Promise.all(customers.map((from, i) => say(from, `question number ${i}`)));
    await clearRedisPrefix(app.env.REDIS_URL, app.redisPrefix);
    assert.equal((await redis.keys(`${app.redisPrefix}:*`)).length, 0, 'Redis lost everything');
    worker = startWorker();
    await eventually(async () => customers.every((from) => repliesTo(from).length > 0), {
      what: 'every reply',
      timeoutMs: 100_000,
      intervalMs: 500,
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.deepEqual(
      customers.map((from) => repliesTo(from).length),
      [1, 1, 1, 1],
    );
  },
);

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { createTestEnv, type TestEnv } from '../support/test-env';

let env: TestEnv;

before(async () => {
  env = await createTestEnv();
});
after(() => env.cleanup());

function run(entry: string, extra: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--require', './scripts/register.js', entry], {
    env: { ...process.env, ...env.env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process did not exit within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

async function demoRows() {
  const [row] = await ownerQuery<Record<string, number>>(
    env.db.url,
    `SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users,
            (SELECT count(*) FROM memberships)::int AS memberships, (SELECT count(*) FROM assistants)::int AS assistants,
            (SELECT count(*) FROM assistant_versions)::int AS versions, (SELECT count(*) FROM channels)::int AS channels`,
  );
  return row;
}

test('SIGTERM at any moment of the demo seed leaves all of it or none of it', async () => {
  for (const delay of [50, 250, 500, 800, 1200]) {
    const child = run('scripts/seed.ts');
    await new Promise((resolve) => setTimeout(resolve, delay));
    child.kill('SIGTERM');
    await exited(child, 15_000);
    const rows = await demoRows();
    const values = new Set(Object.values(rows));
    assert.equal(values.size, 1, `half-written seed after SIGTERM at ${delay} ms: ${JSON.stringify(rows)}`);
  }
  const last = run('scripts/seed.ts');
  assert.equal((await exited(last, 30_000)).code, 0);
  assert.deepEqual(await demoRows(), {
    tenants: 1,
    users: 1,
    memberships: 1,
    assistants: 1,
    versions: 1,
    channels: 1,
  });
});

test('SIGTERM during startup and after it shuts down cleanly and promptly', async () => {
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const early = run('apps/api/src/standalone.ts', { PORT: port });
  await new Promise((resolve) => setTimeout(resolve, 400));
  early.kill('SIGTERM');
  await exited(early, 20_000);

  const child = run('apps/api/src/standalone.ts', { PORT: port });
  let ready = false;
  for (let i = 0; i < 120 && !ready; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
  }
  assert.ok(ready, 'became ready');
  child.kill('SIGTERM');
  const { code, signal } = await exited(child, 20_000);
  assert.ok(code === 0 || signal === 'SIGTERM', `exit ${code} ${signal}`);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health/live`), 'no longer listening');
});

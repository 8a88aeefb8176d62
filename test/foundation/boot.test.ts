import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

function boot(entry: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--require', './scripts/register.js', entry], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('a wrong LLAMA_THREADS stops the api at boot with a message naming it', () => {
  const result = boot('apps/api/src/main.ts', { LLAMA_THREADS: 'abc' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /LLAMA_THREADS/);
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace, just the message');
});

test('the worker refuses the same way, and more threads than cores is refused', () => {
  const result = boot('apps/worker/src/main.ts', { LLAMA_THREADS: '512' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /LLAMA_THREADS must not exceed/);
});

test('production without ENCRYPTION_KEY and JWT_SECRET refuses to start and names both', () => {
  const result = boot('apps/api/src/main.ts', { NODE_ENV: 'production', ENCRYPTION_KEY: '', JWT_SECRET: '' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /ENCRYPTION_KEY/);
  assert.match(result.stderr, /JWT_SECRET/);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './app-config';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cria-config-'));

test('defaults follow the public contract', () => {
  const config = loadConfig({}, tmp());
  assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/cria');
  assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
  assert.equal(config.port, 3000);
  assert.equal(config.meta.graphUrl, 'https://graph.facebook.com');
  assert.match(config.meta.graphVersion, /^v\d+\.\d+$/);
  assert.equal(config.model.gpu, 'auto');
  assert.equal(config.model.threads, undefined);
});

test('a wrong value names the variable', () => {
  assert.throws(
    () => loadConfig({ LLAMA_THREADS: 'abc' }, tmp()),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /LLAMA_THREADS/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ LLAMA_THREADS: '4096' }, tmp()), /LLAMA_THREADS must not exceed/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }, tmp()), /DATABASE_URL/);
  assert.throws(() => loadConfig({ LLAMA_GPU: 'tpu' }, tmp()), /LLAMA_GPU/);
});

test('production refuses to start without ENCRYPTION_KEY and JWT_SECRET', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }, tmp()), /ENCRYPTION_KEY[\s\S]*JWT_SECRET/);
});

test('development generates secrets once and reuses them', () => {
  const dir = tmp();
  const first = loadConfig({}, dir);
  const second = loadConfig({}, dir);
  assert.equal(first.jwtSecret, second.jwtSecret);
  assert.deepEqual(first.encryptionKeys[0].key, second.encryptionKeys[0].key);
  assert.equal((fs.statSync(path.join(dir, '.cria', 'secrets.json')).mode & 0o777).toString(8), '600');
});

test('ENCRYPTION_KEY takes several ids for rotation and rejects short keys', () => {
  const k = Buffer.alloc(32, 1).toString('base64');
  const config = loadConfig({ ENCRYPTION_KEY: `new:${k},old:${k}`, JWT_SECRET: 'x'.repeat(32) }, tmp());
  assert.deepEqual(
    config.encryptionKeys.map((e) => e.id),
    ['new', 'old'],
  );
  assert.throws(() => loadConfig({ ENCRYPTION_KEY: 'short', JWT_SECRET: 'x'.repeat(32) }, tmp()), /32 bytes/);
});

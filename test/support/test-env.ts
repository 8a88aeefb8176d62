import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { loadConfig, type AppConfig } from '@cria/core';
import { createTestDatabase, type TestDatabase } from '@cria/testing';

/** Log lines a test captured, parsed from pino's JSON. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface TestEnv {
  db: TestDatabase;
  config: AppConfig;
  redisPrefix: string;
  env: Record<string, string>;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * What each test file gets: its own migrated database, its own Redis key prefix and its own data dir,
 * with a config built exactly as the app builds it (from environment variables).
 */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const db = await createTestDatabase();
  const redisPrefix = `criatest_${randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cria-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    CRIA_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    LLAMA_THREADS: '1',
    ...overrides,
  };
  const config = loadConfig(env, dataDir);
  return {
    db,
    config,
    redisPrefix,
    env,
    dataDir,
    async cleanup() {
      // a test may point REDIS_URL at nothing on purpose: then there is nothing to clear
      await clearRedisPrefix(env.REDIS_URL, redisPrefix).catch(() => undefined);
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

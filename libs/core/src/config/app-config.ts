import fs from 'node:fs';
import path from 'node:path';
import { availableCores, configSchema, type RawConfig } from './config.schema';
import { loadDevelopmentSecrets } from './dev-secrets';

export type GpuSetting = 'auto' | 'cuda' | 'vulkan' | 'metal' | false;

/** The validated, typed configuration. Built once at boot; nothing else reads process.env. */
export interface AppConfig {
  readonly env: RawConfig['NODE_ENV'];
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly meta: {
    readonly graphUrl: string;
    readonly graphVersion: string;
    readonly appSecret: string | undefined;
    readonly verifyToken: string | undefined;
  };
  /** 32-byte keys by id; the first is used to encrypt, all are tried to decrypt (key rotation). */
  readonly encryptionKeys: ReadonlyArray<{ id: string; key: Buffer }>;
  readonly jwtSecret: string;
  readonly model: {
    readonly path: string | undefined;
    readonly embeddingPath: string | undefined;
    readonly threads: number | undefined;
    readonly gpu: GpuSetting;
    readonly cores: number;
  };
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly dataDir: string;
  /** Customer messages closer together than this are answered with one reply. */
  readonly burstWindowMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * ENCRYPTION_KEY holds one or more keys, newest first: `id1:base64key,id2:base64key` (or a single bare
 * base64/hex key, given the id "k1"). Each key must decode to 32 bytes (AES-256).
 */
export function parseEncryptionKeys(value: string): Array<{ id: string; key: Buffer }> {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => {
      const separator = part.indexOf(':');
      const id = separator > 0 ? part.slice(0, separator) : `k${index + 1}`;
      const encoded = separator > 0 ? part.slice(separator + 1) : part;
      const key = /^[0-9a-f]{64}$/i.test(encoded)
        ? Buffer.from(encoded, 'hex')
        : Buffer.from(encoded, 'base64');
      if (key.length !== 32) {
        throw new ConfigError([
          `ENCRYPTION_KEY: key "${id}" must be 32 bytes (64 hex characters or 44 base64 characters)`,
        ]);
      }
      return { id, key };
    });
}

/** Reads a `.env` file (KEY=value lines) if present; real environment variables win. */
function readDotEnv(cwd: string): Record<string, string> {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const merged: Record<string, string | undefined> = { ...readDotEnv(cwd), ...env };
  // Empty strings mean "unset", as in most .env conventions.
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const dataDir = path.resolve(cwd, raw.CRIA_DATA_DIR);
  let encryptionKey = raw.ENCRYPTION_KEY;
  let jwtSecret = raw.JWT_SECRET;
  if (!encryptionKey || !jwtSecret) {
    if (raw.NODE_ENV === 'production') {
      const missing = [!encryptionKey && 'ENCRYPTION_KEY', !jwtSecret && 'JWT_SECRET'].filter(
        Boolean,
      ) as string[];
      throw new ConfigError(
        missing.map(
          (name) =>
            `${name}: required when NODE_ENV=production (generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")`,
        ),
      );
    }
    const generated = loadDevelopmentSecrets(dataDir);
    encryptionKey ??= generated.encryptionKey;
    jwtSecret ??= generated.jwtSecret;
  }
  return {
    env: raw.NODE_ENV,
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    redisPrefix: raw.REDIS_PREFIX,
    port: raw.PORT,
    publicUrl: raw.PUBLIC_URL.replace(/\/+$/, ''),
    meta: {
      graphUrl: raw.META_GRAPH_URL.replace(/\/+$/, ''),
      graphVersion: raw.META_GRAPH_VERSION,
      appSecret: raw.META_APP_SECRET,
      verifyToken: raw.META_VERIFY_TOKEN,
    },
    encryptionKeys: parseEncryptionKeys(encryptionKey),
    jwtSecret,
    model: {
      path: raw.MODEL_PATH,
      embeddingPath: raw.EMBEDDING_MODEL_PATH ?? raw.MODEL_PATH,
      threads: raw.LLAMA_THREADS,
      gpu: raw.LLAMA_GPU === 'false' ? false : raw.LLAMA_GPU,
      cores: availableCores(),
    },
    logLevel: raw.LOG_LEVEL,
    dataDir,
    burstWindowMs: raw.BURST_WINDOW_MS,
  };
}

import os from 'node:os';
import { z } from 'zod';

const positiveInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a positive whole number`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be greater than 0`);

const url = (name: string, protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** The cores this process may actually use (cgroup/affinity aware), never more. */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Every environment variable of the public contract (shared/ARCHITECTURE.md), plus the few operational
 * knobs Cria adds. Nothing else in the code reads process.env.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url('DATABASE_URL', ['postgres:', 'postgresql:']).default(
    'postgres://postgres@127.0.0.1:5432/cria',
  ),
  REDIS_URL: url('REDIS_URL', ['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  PORT: positiveInt('PORT')
    .refine((n) => n < 65536, 'PORT must be below 65536')
    .default(3000),
  PUBLIC_URL: url('PUBLIC_URL', ['http:', 'https:']).default('http://localhost:3000'),
  META_GRAPH_URL: url('META_GRAPH_URL', ['http:', 'https:']).default('https://graph.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'META_GRAPH_VERSION must look like v23.0')
    .default('v23.0'),
  META_APP_SECRET: z.string().min(1).optional(),
  META_VERIFY_TOKEN: z.string().min(1).optional(),
  ENCRYPTION_KEY: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  MODEL_PATH: z.string().min(1).optional(),
  EMBEDDING_MODEL_PATH: z.string().min(1).optional(),
  LLAMA_THREADS: positiveInt('LLAMA_THREADS')
    .refine(
      (n) => n <= availableCores(),
      `LLAMA_THREADS must not exceed the ${availableCores()} core(s) available to this process (more threads than cores makes inference many times slower)`,
    )
    .optional(),
  LLAMA_GPU: z.enum(['auto', 'cuda', 'vulkan', 'metal', 'false']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every Redis key (BullMQ queues included); lets several installs or test files share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'REDIS_PREFIX may only contain letters, digits, _ and -')
    .default('cria'),
  /** Customer messages closer together than this are answered with one reply. */
  BURST_WINDOW_MS: z
    .string()
    .regex(/^\d+$/, 'BURST_WINDOW_MS must be a whole number of milliseconds')
    .transform(Number)
    .refine((n) => n <= 60_000, 'BURST_WINDOW_MS must be at most 60000')
    .default(2000),
  /** Where development secrets and the demo model live (git-ignored). */
  CRIA_DATA_DIR: z.string().default('.cria'),
});

export type RawConfig = z.infer<typeof configSchema>;

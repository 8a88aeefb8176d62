import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateLoraAdapter } from './lora-generator';
import { generateModel, type WeightType } from './model-generator';
import { MODEL_SHAPES, type ModelShapeName } from './model-shapes';

/** Bump when the generator's output changes, so cached files are regenerated. */
const GENERATOR_VERSION = 4;

export interface EnsureTestModelOptions {
  /** Where generated files are cached; defaults to `<tmp>/cria-test-models`. */
  readonly cacheDir?: string;
  readonly shape?: ModelShapeName;
  readonly seed?: number;
  /** Defaults to f32 for the tiny shapes and q8_0 for the real ones. */
  readonly weightType?: WeightType;
}

export const DEFAULT_TEST_MODEL_DIR = path.join(os.tmpdir(), 'cria-test-models');

function defaultWeightType(shape: ModelShapeName): WeightType {
  return shape === 'tiny' || shape === 'demo' ? 'f32' : 'q8_0';
}

function contentKey(kind: string, parts: Record<string, unknown>): string {
  const json = JSON.stringify({ kind, generator: GENERATOR_VERSION, ...parts });
  return createHash('sha256').update(json).digest('hex').slice(0, 12);
}

async function exists(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).size > 0;
  } catch {
    return false;
  }
}

async function ensureFile(
  cacheDir: string,
  fileName: string,
  generate: (filePath: string) => Promise<unknown>,
): Promise<string> {
  const filePath = path.resolve(cacheDir, fileName);
  if (await exists(filePath)) return filePath;
  await mkdir(path.dirname(filePath), { recursive: true });
  await generate(filePath);
  return filePath;
}

/**
 * Returns the path of a generated llama-architecture model with deterministic weights, generating it
 * into the cache the first time. The file name carries a hash of everything that determines its bytes,
 * so tests reuse the same file and a generator change never serves a stale one.
 */
export async function ensureTestModel(options: EnsureTestModelOptions = {}): Promise<string> {
  const shapeName = options.shape ?? 'tiny';
  const seed = options.seed ?? 1;
  const weightType = options.weightType ?? defaultWeightType(shapeName);
  const shape = MODEL_SHAPES[shapeName];
  const key = contentKey('model', { shape, seed, weightType });
  const fileName = `cria-${shapeName}-${weightType}-s${seed}-${key}.gguf`;
  return ensureFile(options.cacheDir ?? DEFAULT_TEST_MODEL_DIR, fileName, (filePath) =>
    generateModel(filePath, { shape, seed, weightType }),
  );
}

export interface EnsureTestLoraOptions {
  readonly cacheDir?: string;
  /** The base model's shape; the adapter only loads onto a model of this shape. */
  readonly shape?: ModelShapeName;
  readonly seed?: number;
  readonly rank?: number;
  readonly strength?: number;
}

/** Returns the path of a generated LoRA adapter matching a generated model's shape. */
export async function ensureTestLora(options: EnsureTestLoraOptions = {}): Promise<string> {
  const shapeName = options.shape ?? 'tiny';
  const seed = options.seed ?? 7;
  const shape = MODEL_SHAPES[shapeName];
  const key = contentKey('lora', { shape, seed, rank: options.rank, strength: options.strength });
  const fileName = `cria-${shapeName}-lora-s${seed}-${key}.gguf`;
  return ensureFile(options.cacheDir ?? DEFAULT_TEST_MODEL_DIR, fileName, (filePath) =>
    generateLoraAdapter(filePath, { shape, seed, rank: options.rank, strength: options.strength }),
  );
}

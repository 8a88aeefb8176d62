/**
 * Generates the demo model (a small llama-architecture GGUF with deterministic weights; it answers with
 * gibberish but exercises every part of the platform) and prints its path. Idempotent: the file is cached
 * by a hash of what determines its content, and `demo.gguf` in the same folder always points at it.
 *
 *   node --require ./scripts/register.js scripts/demo-model.ts [--dir .cria/models]
 *
 * scripts/start.ts imports `ensureDemoModel` from the compiled script when no MODEL_PATH is set.
 */
import { copyFile, readdir, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ensureTestModel } from '@cria/testing';

/** Scripts run from the repository root (npm runs them there), compiled or not. */
const REPO_ROOT = process.cwd();
const DEMO_MODEL_LINK = 'demo.gguf';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function pointAt(link: string, target: string): Promise<void> {
  const current = await readlink(link).catch(() => undefined);
  if (current === path.basename(target)) return;
  await rm(link, { force: true });
  try {
    await symlink(path.basename(target), link);
  } catch {
    await copyFile(target, link); // file systems without symlinks
  }
}

/** Generates (once) the demo model into `dir` and returns the path of its stable `demo.gguf` link. */
export async function ensureDemoModel(dir = path.join(REPO_ROOT, '.cria', 'models')): Promise<string> {
  const folder = path.resolve(REPO_ROOT, dir);
  const file = await ensureTestModel({ cacheDir: folder, shape: 'demo', seed: 1 });
  const link = path.join(folder, DEMO_MODEL_LINK);
  await pointAt(link, file);
  // Earlier generator versions leave files under other hashes; only the current one is used.
  const stale = (await readdir(folder)).filter(
    (name) => /^cria-demo-.*\.gguf$/.test(name) && name !== path.basename(file),
  );
  await Promise.all(stale.map((name) => rm(path.join(folder, name), { force: true })));
  return link;
}

async function main(): Promise<void> {
  const link = await ensureDemoModel(option('--dir', path.join('.cria', 'models')));
  process.stdout.write(`${link}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo-model: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

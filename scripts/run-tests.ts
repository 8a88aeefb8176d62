import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Finds the test files (unit specs beside the code: `*.spec.ts`; integration and end-to-end tests under
 * test/: `*.test.ts`) and runs them with node's test runner. Arguments narrow the run to paths that
 * start with them: `npm run test:only -- libs/channels test/webhooks`.
 */
const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set([
  'node_modules',
  'dist',
  '.git',
  '.cria',
  'models',
  'artifacts',
  'apps/admin/node_modules',
]);

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(ROOT, full);
    if (SKIP.has(entry.name) || SKIP.has(relative)) continue;
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(spec|test)\.tsx?$/.test(entry.name) && !relative.startsWith('test/soak')) out.push(relative);
  }
}

const filters = process.argv.slice(2);
const files: string[] = [];
for (const top of ['libs', 'apps', 'test', 'scripts'])
  if (fs.existsSync(path.join(ROOT, top))) walk(path.join(ROOT, top), files);
const selected = files
  .sort()
  .filter((file) => filters.length === 0 || filters.some((f) => file.startsWith(f)));
if (selected.length === 0) {
  console.error(`no test file matches ${filters.join(' ')}`);
  process.exit(1);
}
// Test files mostly wait on Postgres, Redis and HTTP, so a few run side by side even on two cores.
const concurrency =
  process.env.TEST_CONCURRENCY ?? String(Math.max(2, Math.min(4, os.availableParallelism())));
const result = spawnSync(
  process.execPath,
  ['--require', './scripts/register.js', '--test', `--test-concurrency=${concurrency}`, ...selected],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);

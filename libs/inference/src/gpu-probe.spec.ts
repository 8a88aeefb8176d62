import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { probeGpu } from './gpu-probe';

async function script(body: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'cria-gpu-probe-')), 'probe.js');
  await writeFile(file, body);
  return file;
}

test('a GPU check that aborts (as a GPU build does on a driver it cannot use) is a failure with the reason, not a crash', async () => {
  const crashing = await script(
    `process.stderr.write('CUDA error: a PTX JIT compilation failed\\n'); process.abort();`,
  );
  const result = await probeGpu('/models/any.gguf', 'cuda', { script: crashing });
  assert.equal(result.ok, false);
  assert.match(result.ok === false ? result.reason : '', /SIGABRT: CUDA error: a PTX JIT compilation failed/);
});

test('a GPU check that reports success passes it on, and one that hangs is inconclusive', async () => {
  const working = await script(`process.send({ ok: true, gpu: 'cuda' }); process.exit(0);`);
  assert.deepEqual(await probeGpu('/m.gguf', 'cuda', { script: working }), { ok: true, gpu: 'cuda' });
  const hanging = await script(`setInterval(() => {}, 1000);`);
  const result = await probeGpu('/m.gguf', 'cuda', { script: hanging, timeoutMs: 300 });
  assert.equal(result.ok, 'unknown');
});

test('the real check on a machine without a usable GPU reports the CPU without loading the model', async () => {
  // With no GPU build usable here, getLlama falls back to the CPU and the model file is never opened.
  const result = await probeGpu('/does/not/exist.gguf', 'auto');
  assert.deepEqual(result, { ok: true, gpu: false });
});

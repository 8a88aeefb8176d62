import { fork } from 'node:child_process';
import type { GpuOption } from './inference.options';

export type GpuProbeResult =
  { ok: true; gpu: string | false } | { ok: false; reason: string } | { ok: 'unknown'; reason: string };

/**
 * Whether the GPU build of llama.cpp really runs here: the model is loaded (one layer offloaded) and a few
 * tokens evaluated in a child process, so that a build which crashes on this GPU and driver (the prebuilt
 * CUDA binaries abort the process on an H100 whose driver is older than their PTX, for one) takes the
 * child down instead of the worker. `ok: 'unknown'` when the probe ran out of time (a slow disk): the
 * caller goes on with the GPU.
 */
export function probeGpu(
  modelPath: string,
  gpu: GpuOption,
  options: { timeoutMs?: number; script?: string } = {},
): Promise<GpuProbeResult> {
  return new Promise((resolve) => {
    const child = fork(options.script ?? require.resolve('./gpu-probe.child'), [modelPath, String(gpu)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // this process's loader flags (a TypeScript register in development), never a test runner's
      execArgv: process.execArgv.filter((arg) => !arg.startsWith('--test')),
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    let reported: GpuProbeResult | undefined;
    child.on('message', (message: GpuProbeResult) => {
      reported = message;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({
        ok: 'unknown',
        reason: `the GPU check did not finish in ${options.timeoutMs ?? 120_000} ms`,
      });
    }, options.timeoutMs ?? 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (reported) return resolve(reported);
      // The library's own error line if it printed one (an abort appends a native stack after it).
      const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const lastLine = [...lines].reverse().find((line) => /error|fail/i.test(line)) ?? lines.at(-1) ?? '';
      resolve({
        ok: false,
        reason: `the GPU check process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${lastLine ? `: ${lastLine}` : ''}`,
      });
    });
  });
}

/**
 * Downloads a GGUF model into models/ at the repository root with node-llama-cpp's downloader (progress,
 * resume of an interrupted download, HF_ENDPOINT / MODEL_ENDPOINT for a mirror, HF_TOKEN for gated repos).
 *
 *   node --require ./scripts/register.js scripts/model-pull.ts <hf:user/repo:QUANT | hf:user/repo/file.gguf | https://…gguf> [--dir models]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadLlamaModule } from '@cria/inference';

/** Scripts run from the repository root (npm runs them there), compiled or not. */
const REPO_ROOT = process.cwd();

const RECOMMENDED = [
  ['hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M', '~0.4 GB, fast on a small CPU'],
  ['hf:bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', '~0.8 GB, better answers'],
  ['hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF:Q4_K_M', '~1 GB, multilingual'],
] as const;

function usage(): string {
  return [
    'usage: model-pull <model URI or URL> [--dir models]',
    '',
    'Small instruct models that work well:',
    ...RECOMMENDED.map(([uri, note]) => `  ${uri.padEnd(52)} ${note}`),
    '',
    'Then start with MODEL_PATH=models/<file>.gguf',
  ].join('\n');
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function hubEndpoint(uri: string): string {
  if (/^https?:\/\//.test(uri)) return new URL(uri).origin;
  // The same precedence node-llama-cpp applies.
  return process.env.MODEL_ENDPOINT ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co';
}

/** Turns a failed download into one line a person can act on; probes the hub to tell "offline" apart. */
async function explain(error: unknown, uri: string): Promise<string> {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const endpoint = hubEndpoint(uri);
  try {
    await fetch(endpoint, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
  } catch (probe) {
    const cause = (probe as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.message ?? cause?.code ?? (probe instanceof Error ? probe.message : String(probe));
    return `cannot reach ${endpoint} (${reason}). Check the network, or set HF_ENDPOINT to a reachable mirror.`;
  }
  if (/401|403|gated|unauthori[sz]ed/i.test(message))
    return `${message}\nThe repository may be gated: accept its license on the hub and set HF_TOKEN.`;
  if (/404|not found/i.test(message)) return `${message}\nCheck the URI; for example ${RECOMMENDED[0][0]}`;
  return message;
}

async function main(): Promise<void> {
  const uri = process.argv
    .slice(2)
    .find((arg, index, args) => !arg.startsWith('--') && args[index - 1] !== '--dir');
  if (!uri || process.argv.includes('--help')) {
    process.stderr.write(`${usage()}\n`);
    process.exitCode = uri ? 0 : 2;
    return;
  }
  const dirPath = path.resolve(REPO_ROOT, option('--dir') ?? 'models');
  await mkdir(dirPath, { recursive: true });
  const { createModelDownloader } = await loadLlamaModule();
  let lastReported = -1;
  try {
    const downloader = await createModelDownloader({
      modelUri: uri,
      dirPath,
      skipExisting: true,
      deleteTempFileOnCancel: false,
      showCliProgress: process.stderr.isTTY,
      onProgress: process.stderr.isTTY
        ? undefined
        : ({ totalSize, downloadedSize }) => {
            const percent = totalSize > 0 ? Math.floor((downloadedSize / totalSize) * 20) * 5 : 0;
            if (percent === lastReported) return;
            lastReported = percent;
            process.stderr.write(`model-pull: ${percent}% of ${(totalSize / 1e6).toFixed(0)} MB\n`);
          },
    });
    process.stderr.write(`model-pull: ${uri} → ${downloader.entrypointFilePath}\n`);
    const file = await downloader.download();
    process.stdout.write(`${file}\n`);
  } catch (error) {
    process.stderr.write(`model-pull: ${await explain(error, uri)}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`model-pull: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

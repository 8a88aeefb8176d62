/**
 * Lists the GGUF models on disk (models/ and the demo models in .cria/models, or the folders given) with
 * what their metadata says: architecture, size in parameters, quantisation, context length, chat template.
 *
 *   node --require ./scripts/register.js scripts/model-list.ts [folder…] [--json]
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isGeneratedModel, loadLlamaModule, quantizationName, type LlamaModule } from '@cria/inference';

/** Scripts run from the repository root (npm runs them there), compiled or not. */
const REPO_ROOT = process.cwd();
const DEFAULT_DIRS = ['models', path.join('.cria', 'models')];

interface Entry {
  path: string;
  sizeMb: number;
  name?: string;
  architecture?: string;
  parameters?: string;
  quantization?: string;
  contextLength?: number;
  chatTemplate?: boolean;
  adapter?: boolean;
  generated?: boolean;
  error?: string;
}

async function ggufFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.gguf'))
    .sort()
    .map((name) => path.join(dir, name));
}

function humanCount(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(0)}M`;
  return `${(count / 1e3).toFixed(0)}K`;
}

async function describe(mod: LlamaModule, file: string): Promise<Entry> {
  const sizeMb = Math.round((await stat(file)).size / 1e5) / 10;
  const entry: Entry = { path: path.relative(process.cwd(), file) || file, sizeMb };
  try {
    const info = await mod.readGgufFileInfo(file, {
      logWarnings: false,
      ignoreKeys: [
        'tokenizer.ggml.tokens',
        'tokenizer.ggml.merges',
        'tokenizer.ggml.token_type',
        'tokenizer.ggml.scores',
      ],
    });
    const arch = info.architectureMetadata as { context_length?: number };
    const parameters = (info.fullTensorInfo ?? info.tensorInfo ?? []).reduce(
      (sum, tensor) => sum + tensor.dimensions.reduce<number>((a, b) => a * Number(b), 1),
      0,
    );
    entry.name = info.metadata.general.name;
    entry.architecture = String(info.metadata.general.architecture);
    entry.parameters = parameters > 0 ? humanCount(parameters) : undefined;
    entry.quantization = quantizationName(mod, info);
    entry.contextLength = arch.context_length;
    entry.adapter = (info.metadata.general as { type?: string }).type === 'adapter';
    entry.chatTemplate = Boolean(
      (info.metadata.tokenizer as typeof info.metadata.tokenizer | undefined)?.chat_template,
    );
    entry.generated = isGeneratedModel(info);
  } catch (error) {
    entry.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return entry;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const dirs = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const folders = (dirs.length > 0 ? dirs : DEFAULT_DIRS).map((dir) => path.resolve(REPO_ROOT, dir));
  const files = [...new Set((await Promise.all(folders.map(ggufFiles))).flat())];
  const mod = await loadLlamaModule();
  const entries = await Promise.all(files.map((file) => describe(mod, file)));
  if (json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    process.stdout.write(
      `No GGUF models in ${folders.map((dir) => path.relative(process.cwd(), dir) || '.').join(', ')}.\n` +
        'Pull one:  node --require ./scripts/register.js scripts/model-pull.ts hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M\n' +
        'or make the demo model:  node --require ./scripts/register.js scripts/demo-model.ts\n',
    );
    return;
  }
  const rows = entries.map((entry) => {
    const head = [entry.path, `${entry.sizeMb} MB`];
    if (entry.error) return [...head, '', '', '', '', '', `unreadable: ${entry.error}`];
    const kind = entry.adapter ? 'LoRA adapter' : entry.chatTemplate ? 'chat template' : 'no chat template';
    return [
      ...head,
      entry.architecture ?? '?',
      entry.parameters ?? '?',
      entry.quantization ?? '',
      entry.adapter ? '' : `ctx ${entry.contextLength ?? '?'}`,
      kind,
      entry.generated ? 'generated (demo/test)' : (entry.name ?? ''),
    ];
  });
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows)
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`model-list: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

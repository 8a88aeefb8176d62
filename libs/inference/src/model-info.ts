import path from 'node:path';
import type { GgufFileInfo, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import type { ModelInfo } from './inference.types';
import type { LlamaModule } from './llama-loader';

/** Metadata key the test/demo model generator (@cria/testing) writes into its files. */
const GENERATOR_KEY = 'cria';

export interface RuntimeFacts {
  readonly fileSizeBytes: number;
  readonly contextSize: number;
  readonly chatWrapper: string;
  readonly isDemoModel?: boolean;
  readonly embeddingDimension: number;
  readonly embeddingModelPath: string;
  readonly threads: number;
  readonly lanes: number;
  readonly sequences: number;
}

type Nested = Record<string, unknown>;

function field(source: unknown, key: string): unknown {
  return typeof source === 'object' && source !== null ? (source as Nested)[key] : undefined;
}

function numberField(source: unknown, key: string): number | undefined {
  const value = field(source, key);
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;
}

/** "MOSTLY_Q4_K_M" → "Q4_K_M", "ALL_F32" → "F32". */
export function quantizationName(mod: LlamaModule, fileInfo: GgufFileInfo): string | undefined {
  const fileType = fileInfo.metadata.general.file_type;
  if (fileType === undefined) return undefined;
  const name = mod.GgufFileType[fileType] as string | undefined;
  return name?.replace(/^(MOSTLY|ALL)_/, '');
}

export function isGeneratedModel(fileInfo: GgufFileInfo): boolean {
  return field(fileInfo.metadata, GENERATOR_KEY) !== undefined;
}

/** What the admin panel and readiness show about the loaded model. */
export function describeModel(
  mod: LlamaModule,
  model: LlamaModel,
  modelPath: string,
  facts: RuntimeFacts,
): ModelInfo {
  const fileInfo = model.fileInfo;
  const general = fileInfo.metadata.general;
  const arch = fileInfo.architectureMetadata as unknown;
  const template = fileInfo.metadata.tokenizer.chat_template;
  const tokens = field(fileInfo.metadata.tokenizer, 'ggml');
  const vocabulary = field(tokens, 'tokens');
  const parameters = model.fileInsights.totalParameters;
  return {
    path: path.resolve(modelPath),
    fileName: path.basename(modelPath),
    fileSizeBytes: facts.fileSizeBytes,
    name: general.name,
    architecture: String(general.architecture),
    parameterCount: Number.isFinite(parameters) && parameters > 0 ? parameters : undefined,
    quantization: quantizationName(mod, fileInfo),
    trainContextLength: model.trainContextSize,
    contextSize: facts.contextSize,
    embeddingLength: numberField(arch, 'embedding_length'),
    layers: numberField(arch, 'block_count'),
    vocabularySize: Array.isArray(vocabulary) ? vocabulary.length : numberField(arch, 'vocab_size'),
    hasChatTemplate: typeof template === 'string' && template.trim() !== '',
    chatWrapper: facts.chatWrapper,
    isDemoModel: facts.isDemoModel ?? isGeneratedModel(fileInfo),
    embeddingDimension: facts.embeddingDimension,
    embeddingModelPath: path.resolve(facts.embeddingModelPath),
    gpu: model.llama.gpu,
    gpuLayers: model.gpuLayers,
    threads: facts.threads,
    lanes: facts.lanes,
    sequences: facts.sequences,
  };
}

/** Bytes of KV cache one token costs (f16 keys and values), from the model's own hyper-parameters. */
export function kvBytesPerToken(model: LlamaModel): number {
  const arch = model.fileInfo.architectureMetadata as unknown;
  const layers = numberField(arch, 'block_count') ?? 32;
  const embedding = numberField(arch, 'embedding_length') ?? 4096;
  const attention = field(arch, 'attention');
  const heads = numberField(attention, 'head_count') ?? 32;
  const kvHeads = numberField(attention, 'head_count_kv') ?? heads;
  const keyLength = numberField(attention, 'key_length') ?? embedding / heads;
  const valueLength = numberField(attention, 'value_length') ?? embedding / heads;
  return layers * kvHeads * (keyLength + valueLength) * 2;
}

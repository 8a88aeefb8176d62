import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { ChatWrapper, Llama, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { requireFunctionCall } from './chat/chat-functions';
import { EmbeddingService } from './embeddings';
import { probeGpu } from './gpu-probe';
import { ModelLoadError } from './inference.errors';
import { planThreads, type InferenceModuleOptions, type ThreadPlan } from './inference.options';
import type { ModelInfo } from './inference.types';
import { loadLlamaModule, type LlamaModule } from './llama-loader';
import { LoraPool } from './lora-pool';
import { checkModelFile, createLlama, loadModel } from './model-loader';
import { describeModel, kvBytesPerToken } from './model-info';
import { SequencePool } from './sequence-pool';
import { GrammarCache } from './structured/grammar-cache';
import { ToolExecutor } from './tools/tool-executor';

/** Everything a loaded engine runs on. */
export interface EngineRuntime {
  readonly mod: LlamaModule;
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly pool: SequencePool;
  readonly lora: LoraPool;
  readonly embeddings: EmbeddingService;
  readonly wrapper: ChatWrapper;
  readonly forcedWrapper: ChatWrapper;
  readonly grammars: GrammarCache;
  readonly executor: ToolExecutor;
  readonly plan: ThreadPlan;
  readonly info: ModelInfo;
  dispose(): Promise<void>;
}

const DEFAULT_MAX_CONTEXT = 4096;
const MIN_CONTEXT = 512;

/**
 * Tokens per sequence: the model's training context, at most 4096, halved until every sequence's KV cache
 * fits in a quarter of the free memory (on a GPU, llama.cpp places the cache in VRAM and checks it itself).
 */
export function defaultContextSize(model: LlamaModel, totalSequences: number, gpu: boolean): number {
  let size = Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT);
  if (gpu) return size;
  const budget = os.freemem() / 4;
  const perToken = kvBytesPerToken(model);
  while (size > MIN_CONTEXT && size * totalSequences * perToken > budget) size = Math.floor(size / 2);
  return size;
}

/** Loads llama.cpp, the model(s) and the contexts. Throws ModelLoadError (or another error) on failure. */
export async function createEngineRuntime(
  options: InferenceModuleOptions & { modelPath: string },
  onLoraReady: () => void,
): Promise<EngineRuntime> {
  const logger = new Logger('Inference');
  const disposers: Array<() => Promise<unknown>> = [];
  const dispose = async () => {
    for (const step of disposers.reverse()) await step().catch(() => undefined);
  };
  try {
    const fileSizeBytes = await checkModelFile(options.modelPath);
    const mod = await loadLlamaModule();
    const requested = planThreads({ threads: options.threads, lanes: options.lanes, gpu: false });
    if (options.threads !== undefined && options.threads > requested.threads) {
      logger.warn(
        { requested: options.threads, used: requested.threads },
        'more inference threads requested than cores available; using the cores',
      );
    }
    let llama: Llama;
    try {
      llama = await createLlama(mod, {
        gpu: options.gpu ?? 'auto',
        maxThreads: requested.threads,
        logLevel: options.llamaLogLevel ?? 'warn',
      });
    } catch (error) {
      throw new ModelLoadError(
        options.modelPath,
        `llama.cpp is unavailable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
    if (llama.gpu !== false) {
      // A GPU build that does not work on this GPU and driver aborts the process at its first kernel:
      // check it in a child first, and run on the CPU (slower, but answering) if it fails.
      const probe = await probeGpu(options.modelPath, llama.gpu);
      if (probe.ok === false) {
        logger.error(
          { gpu: llama.gpu, reason: probe.reason },
          `the ${llama.gpu} build of llama.cpp does not run on this GPU (${probe.reason}); using the CPU. Update the GPU driver, or set LLAMA_GPU=vulkan or LLAMA_GPU=false`,
        );
        await llama.dispose();
        llama = await createLlama(mod, {
          gpu: false,
          maxThreads: requested.threads,
          logLevel: options.llamaLogLevel ?? 'warn',
        });
      } else if (probe.ok === 'unknown') {
        logger.warn({ gpu: llama.gpu, reason: probe.reason }, 'GPU check inconclusive; using the GPU');
      }
    }
    disposers.push(() => llama.dispose());
    const model = await loadModel(llama, options.modelPath);
    disposers.push(() => model.dispose());

    const gpu = model.gpuLayers > 0;
    const plan = planThreads({ threads: options.threads, lanes: options.lanes, gpu });
    // Every context (lanes, adapters, embeddings) draws from this one budget, so the total never exceeds it.
    llama.maxThreads = plan.threads;
    const totalSequences = Math.max(plan.lanes, options.sequences ?? (gpu ? 8 : 2 * plan.lanes));
    const sequencesPerLane = Math.ceil(totalSequences / plan.lanes);
    const contextSize = Math.min(
      options.contextSize ?? defaultContextSize(model, sequencesPerLane * plan.lanes, gpu),
      model.trainContextSize,
    );
    const pool = await SequencePool.create(model, {
      lanes: plan.lanes,
      sequencesPerLane,
      contextSize,
      threadsPerLane: plan.threadsPerLane,
      batchSize: options.batchSize,
    });
    disposers.push(() => pool.dispose());

    const embeddingPath = options.embeddingModelPath ?? options.modelPath;
    let embeddingModel = model;
    if (path.resolve(embeddingPath) !== path.resolve(options.modelPath)) {
      embeddingModel = await loadModel(llama, embeddingPath);
      disposers.push(() => embeddingModel.dispose());
    }
    const embeddings = new EmbeddingService(embeddingModel, { threads: plan.threadsPerLane });
    disposers.push(() => embeddings.dispose());

    const lora = new LoraPool(
      model,
      {
        maxContexts: options.loraContexts ?? 2,
        sequencesPerContext: options.loraSequences ?? 1,
        contextSize: pool.contextSize,
        threads: plan.threadsPerLane,
        batchSize: options.batchSize,
      },
      onLoraReady,
    );
    disposers.push(() => lora.dispose());
    const executor = new ToolExecutor({
      allowPrivateHosts: options.tools?.allowPrivateToolHosts ?? false,
      defaultTimeoutMs: options.tools?.defaultTimeoutMs ?? 10_000,
      maxResponseBytes: options.tools?.maxResponseBytes ?? 8192,
    });
    disposers.push(() => executor.close());

    const wrapper = mod.resolveChatWrapper(model);
    const info = describeModel(mod, model, options.modelPath, {
      fileSizeBytes,
      contextSize: pool.contextSize,
      chatWrapper: wrapper.wrapperName,
      isDemoModel: options.isDemoModel,
      embeddingDimension: embeddings.dimension,
      embeddingModelPath: embeddingPath,
      threads: plan.threads,
      lanes: plan.lanes,
      sequences: pool.size,
    });
    logger.log(
      {
        model: info.fileName,
        architecture: info.architecture,
        quantization: info.quantization,
        chatWrapper: info.chatWrapper,
        ...plan,
        sequences: pool.size,
        contextSize: pool.contextSize,
        gpu: llama.gpu,
      },
      `model ready: ${info.fileName}, ${plan.lanes} lane(s) × ${sequencesPerLane} sequence(s) × ${pool.contextSize} tokens, ${plan.threads} thread(s)`,
    );
    return {
      mod,
      llama,
      model,
      pool,
      lora,
      embeddings,
      wrapper,
      forcedWrapper: requireFunctionCall(mod, wrapper),
      grammars: new GrammarCache(llama),
      executor,
      plan,
      info,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

import { stat } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import type { Llama, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { ModelLoadError } from './inference.errors';
import type { GpuOption, InferenceModuleOptions } from './inference.options';
import type { LlamaModule } from './llama-loader';

const logger = new Logger('Inference');

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'unknown error';
}

/** Checks the file before llama.cpp sees it, so the common mistakes get a plain reason. */
export async function checkModelFile(modelPath: string): Promise<number> {
  try {
    const info = await stat(modelPath);
    if (info.isDirectory()) throw new ModelLoadError(modelPath, 'is a directory, not a GGUF file');
    if (info.size === 0) throw new ModelLoadError(modelPath, 'file is empty');
    return info.size;
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelLoadError(modelPath, 'file does not exist');
    if (code === 'EACCES') throw new ModelLoadError(modelPath, 'permission denied');
    throw new ModelLoadError(modelPath, describe(error));
  }
}

/** Prebuilt binaries only (`build: 'never'`): nothing is compiled or downloaded at run time. */
export async function createLlama(
  mod: LlamaModule,
  options: {
    gpu: GpuOption;
    maxThreads: number;
    logLevel: NonNullable<InferenceModuleOptions['llamaLogLevel']>;
  },
): Promise<Llama> {
  const levels = mod.LlamaLogLevel;
  return mod.getLlama({
    gpu: options.gpu,
    build: 'never',
    maxThreads: options.maxThreads,
    logLevel: levels[options.logLevel],
    logger: (level, message) => {
      const line = message.trimEnd();
      if (!line) return;
      if (level === levels.error || level === levels.fatal) logger.error(line);
      else if (level === levels.warn) logger.warn(line);
      else logger.debug(line);
    },
  });
}

export async function loadModel(llama: Llama, modelPath: string): Promise<LlamaModel> {
  await checkModelFile(modelPath);
  try {
    return await llama.loadModel({ modelPath, gpuLayers: llama.gpu === false ? 0 : 'auto' });
  } catch (error) {
    throw new ModelLoadError(modelPath, describe(error));
  }
}

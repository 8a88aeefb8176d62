/**
 * Run by probeGpu in a child process: loads the model with one layer on the GPU backend named in argv and
 * evaluates a few tokens. A llama.cpp GPU build that does not work on this GPU and driver aborts the whole
 * process on its first kernel (e.g. CUDA "PTX JIT compilation failed"), which no try/catch can stop; here
 * it only ends this child. Reports `{ ok, gpu }` over IPC.
 */
import { createLlama, loadModel } from './model-loader';
import { loadLlamaModule } from './llama-loader';
import type { GpuOption } from './inference.options';

async function main(): Promise<void> {
  const [modelPath, gpuArg] = process.argv.slice(2);
  const gpu = (gpuArg === 'false' ? false : gpuArg) as GpuOption;
  const llama = await createLlama(await loadLlamaModule(), { gpu, maxThreads: 1, logLevel: 'error' });
  if (llama.gpu === false) {
    process.send?.({ ok: true, gpu: false });
    return;
  }
  const model = await loadModel(llama, modelPath);
  const context = await model.createContext({ contextSize: 256, sequences: 1 });
  await context
    .getSequence()
    .evaluateWithoutGeneratingNewTokens(model.tokenize('Hello, is the GPU working?'));
  process.send?.({ ok: true, gpu: llama.gpu });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.send?.({
      ok: false,
      reason: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
    process.exit(1);
  },
);

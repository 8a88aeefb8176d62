import type { LlamaModule } from '@cria/inference';
import type { ChatHistoryItem, Llama, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { questionsFor, SYSTEM_PROMPT } from './workloads';

export interface Throughput {
  readonly tokensOut: number;
  readonly seconds: number;
  readonly tokensPerSecond: number;
}

/** Plain node-llama-cpp, as an application would use it without the module: one context, one sequence, serial. */
export class RawRunner {
  private constructor(
    private readonly mod: LlamaModule,
    private readonly llama: Llama,
    readonly model: LlamaModel,
  ) {}

  static async create(mod: LlamaModule, modelPath: string, maxThreads: number): Promise<RawRunner> {
    const llama = await mod.getLlama({
      gpu: false,
      build: 'never',
      maxThreads,
      logLevel: mod.LlamaLogLevel.error,
    });
    const model = await llama.loadModel({ modelPath });
    return new RawRunner(mod, llama, model);
  }

  /** The 4 conversations one after the other on one sequence with `threads` threads. */
  async serial(threads: number, maxTokens: number): Promise<Throughput> {
    const context = await this.model.createContext({ contextSize: 4096, sequences: 1, threads });
    try {
      const sequence = context.getSequence();
      const history = (question: string): ChatHistoryItem[] => [
        { type: 'system', text: SYSTEM_PROMPT },
        { type: 'user', text: question },
        { type: 'model', response: [] },
      ];
      const warmup = new this.mod.LlamaChat({ contextSequence: sequence });
      await warmup.generateResponse(history('hello'), { maxTokens: 4 });
      warmup.dispose({ disposeSequence: false });
      const started = performance.now();
      const before = sequence.tokenMeter.getState();
      for (const question of questionsFor(`raw ${threads}`)) {
        const chat = new this.mod.LlamaChat({ contextSequence: sequence });
        await chat.generateResponse(history(question), { maxTokens, temperature: 0 });
        chat.dispose({ disposeSequence: false });
      }
      const seconds = (performance.now() - started) / 1000;
      const tokensOut = sequence.tokenMeter.diff(before).usedOutputTokens;
      return { tokensOut, seconds, tokensPerSecond: tokensOut / seconds };
    } finally {
      await context.dispose();
    }
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
    await this.llama.dispose();
  }
}

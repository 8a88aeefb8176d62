import type {
  ChatHistoryItem,
  ChatModelFunctions,
  ChatWrapper,
  EvaluationPriority,
  LLamaChatGenerateResponseOptions,
  LlamaChatResponse,
  LlamaContextSequence,
  LlamaGrammar,
} from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import type {
  FinishReason,
  InferencePriority,
  JsonSchema,
  ToolCallRecord,
  ToolDefinition,
} from '../inference.types';
import type { LlamaModule } from '../llama-loader';
import { parseAndRepair } from '../structured/json-repair';
import type { ToolExecutor } from '../tools/tool-executor';
import { appendFunctionCall, lastResponseText, toChatFunctions } from './chat-functions';

/** How strongly llama.cpp's batch favours a request's tokens when a batch is full. */
const EVALUATION_PRIORITY: Record<InferencePriority, EvaluationPriority> = {
  live: 5,
  playground: 3,
  background: 1,
};

export interface ChatRunInput {
  readonly mod: LlamaModule;
  readonly sequence: LlamaContextSequence;
  readonly wrapper: ChatWrapper;
  /** The wrapper that forces a function call (toolChoice 'required'). */
  readonly forcedWrapper: ChatWrapper;
  readonly items: readonly ChatHistoryItem[];
  readonly priority: InferencePriority;
  readonly temperature: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly seed?: number;
  readonly maxTokens: number;
  readonly stop: readonly string[];
  readonly grammar?: LlamaGrammar;
  readonly schema?: JsonSchema;
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice: 'auto' | 'required' | 'none';
  readonly maxToolCalls: number;
  readonly executor: ToolExecutor;
  readonly signal: AbortSignal;
  readonly onTextChunk?: (text: string) => void;
  readonly onFirstToken: () => void;
}

export interface ChatRunOutput {
  readonly text: string;
  readonly json?: unknown;
  readonly repaired?: boolean;
  readonly finishReason: FinishReason;
  readonly tokensOut: number;
  /** Prompt tokens evaluated (those not already in the sequence's state), over all rounds. */
  readonly tokensEvaluated: number;
  /** The same for the first round only (the history window itself). */
  readonly tokensEvaluatedFirstRound: number;
  readonly toolCalls: ToolCallRecord[];
}

type Response = LlamaChatResponse<ChatModelFunctions>;
type CommonOptions = Omit<
  LLamaChatGenerateResponseOptions<ChatModelFunctions>,
  | 'grammar'
  | 'functions'
  | 'documentFunctionParams'
  | 'maxParallelFunctionCalls'
  | 'onFunctionCall'
  | 'onFunctionCallParamsChunk'
>;

function finishReasonOf(metadata: Response['metadata']): FinishReason {
  switch (metadata.stopReason) {
    case 'maxTokens':
      return 'length';
    case 'customStopTrigger':
      return 'stop_sequence';
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'functionCalls':
    case 'abort':
      return 'stop';
  }
}

/**
 * Runs one request on a sequence it holds: generation with the model's chat wrapper, sampling and stop
 * strings, a grammar for structured replies, and the tool loop (the model calls, the engine performs the
 * HTTP call, the result goes back into the reply, at most maxToolCalls times; then a last round without
 * tools). LlamaChat reuses whatever prefix of the prompt the sequence already holds.
 */
export async function runChat(input: ChatRunInput): Promise<ChatRunOutput> {
  const { mod, sequence } = input;
  const meterBefore = sequence.tokenMeter.getState();
  const functions =
    input.tools.length > 0 && input.toolChoice !== 'none' ? toChatFunctions(input.tools) : undefined;
  const records: ToolCallRecord[] = [];
  let history: ChatHistoryItem[] = [...input.items, { type: 'model', response: [] }];
  let contextWindow: ChatHistoryItem[] | undefined;
  let maxTokens = input.maxTokens;
  let rounds = 0;
  let firstRoundEvaluated: number | undefined;
  let firstToken = false;
  const markFirst = () => {
    if (firstToken) return;
    firstToken = true;
    input.onFirstToken();
  };

  for (;;) {
    rounds++;
    const toolsLeft = functions !== undefined && records.length < input.maxToolCalls;
    const wrapper = toolsLeft && input.toolChoice === 'required' ? input.forcedWrapper : input.wrapper;
    const chat = new mod.LlamaChat({ contextSequence: sequence, chatWrapper: wrapper });
    const outputBefore = sequence.tokenMeter.usedOutputTokens;
    const common: CommonOptions = {
      signal: input.signal,
      maxTokens: Math.max(1, maxTokens),
      temperature: input.temperature,
      topP: input.topP,
      topK: input.topK,
      seed: input.seed,
      trimWhitespaceSuffix: true,
      evaluationPriority: EVALUATION_PRIORITY[input.priority],
      customStopTriggers: input.stop.length > 0 ? input.stop : undefined,
      lastEvaluationContextWindow: {
        history: contextWindow,
        minimumOverlapPercentageToPreventContextShift: 0.5,
      },
      onToken: markFirst,
      onTextChunk: input.onTextChunk,
    };
    let response: Response;
    try {
      response = toolsLeft
        ? await chat.generateResponse(history, { ...common, functions, onFunctionCallParamsChunk: markFirst })
        : await chat.generateResponse(history, { ...common, grammar: input.grammar });
    } finally {
      chat.dispose({ disposeSequence: false });
    }
    maxTokens -= sequence.tokenMeter.usedOutputTokens - outputBefore;
    // The last prompt token is metered as output (it yields logits), hence the + 1.
    firstRoundEvaluated ??= sequence.tokenMeter.diff(meterBefore).usedInputTokens + 1;
    history = response.lastEvaluation.cleanHistory;
    contextWindow = response.lastEvaluation.contextWindow;

    const calls = toolsLeft ? (response.functionCalls ?? []) : [];
    if (calls.length > 0) {
      for (const call of calls.slice(0, input.maxToolCalls - records.length)) {
        const tool = input.tools.find((candidate) => candidate.name === call.functionName);
        if (!tool) continue;
        const outcome = await input.executor.execute(tool, call.params, input.signal);
        records.push(outcome.record);
        const entry = {
          name: tool.name,
          description: tool.description,
          params: call.params,
          result: outcome.result,
          rawCall: call.raw,
        };
        history = appendFunctionCall(history, entry);
        contextWindow = appendFunctionCall(contextWindow, entry);
      }
      if (maxTokens > 0) continue;
    }

    const meter = sequence.tokenMeter.diff(meterBefore);
    const usage = {
      tokensOut: meter.usedOutputTokens,
      tokensEvaluated: meter.usedInputTokens + rounds,
      tokensEvaluatedFirstRound: firstRoundEvaluated,
      toolCalls: records,
    };
    // Calls made with no tokens left for a reply end the request as cut short.
    const finishReason: FinishReason = calls.length > 0 ? 'length' : finishReasonOf(response.metadata);
    const text = lastResponseText(history);
    if (!input.schema) return { text, finishReason, ...usage };
    const structured = parseAndRepair(text, input.schema);
    return {
      text: structured.text,
      json: structured.value,
      repaired: structured.repaired,
      finishReason,
      ...usage,
    };
  }
}

/** Scheduling class of a request: live conversations first, then the admin playground, then batch work. */
export type InferencePriority = 'live' | 'playground' | 'background';

export interface ChatTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** A JSON schema in the subset node-llama-cpp turns into a grammar (types, properties, items, enum, const, oneOf, $defs, length limits). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ToolHttpTarget {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to the engine's tool timeout (10 s). */
  readonly timeoutMs?: number;
}

/** A function the model may call; the engine performs the HTTP call itself. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  /** JSON schema of the arguments (an object schema); the model's arguments are grammar-constrained to it. */
  readonly parameters?: JsonSchema;
  readonly http: ToolHttpTarget;
  /** Host names the call may go to (`api.example.com`, or `*.example.com` for subdomains). */
  readonly allowHosts: readonly string[];
}

export type ToolCallStatus = 'ok' | 'http_error' | 'refused' | 'timeout' | 'failed';

export interface ToolCallRecord {
  readonly name: string;
  readonly args: unknown;
  readonly status: ToolCallStatus;
  readonly httpStatus?: number;
  readonly durationMs: number;
  readonly error?: string;
}

export interface SamplingOptions {
  /** 0 (the default) is greedy and deterministic. */
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly maxTokens?: number;
  /** Generation stops before any of these strings (they are not part of the text). */
  readonly stop?: readonly string[];
  /** Makes sampling with temperature > 0 reproducible. */
  readonly seed?: number;
}

export interface ChatRequest extends SamplingOptions {
  readonly tenantId: string;
  readonly assistantId?: string;
  /** Keeps the conversation's evaluated state warm between turns when given. */
  readonly conversationId?: string;
  readonly priority?: InferencePriority;
  /** Instructions (persona, knowledge…); always kept whole. */
  readonly system?: string;
  /** Stands in for history that is not in `history` (older turns, or turns dropped to fit the budget). */
  readonly summary?: string;
  /** Oldest first; the last turn is the user message to answer. */
  readonly history: readonly ChatTurn[];
  /** Prompt token budget; defaults to what fits the sequence after maxTokens. */
  readonly historyTokenBudget?: number;
  /** Constrains the reply to JSON matching this schema; `json` holds the parsed (and, if needed, repaired) value. */
  readonly responseSchema?: JsonSchema;
  readonly tools?: readonly ToolDefinition[];
  /** 'required' makes the model call a tool in each round until maxToolCalls is reached. */
  readonly toolChoice?: 'auto' | 'required' | 'none';
  readonly maxToolCalls?: number;
  /** Path of a LoRA adapter GGUF to run this request with. */
  readonly loraAdapter?: string;
  readonly timeoutMs?: number;
  /** Absolute deadline (epoch ms); the earlier of this and timeoutMs applies. */
  readonly deadline?: number;
  readonly signal?: AbortSignal;
  /** Streams the reply as it is generated. */
  readonly onTextChunk?: (text: string) => void;
}

export type FinishReason = 'stop' | 'stop_sequence' | 'length';

export interface ChatResult {
  readonly text: string;
  /** Parsed reply when responseSchema was given. */
  readonly json?: unknown;
  /** True when the structured reply had to be completed or trimmed to satisfy the schema. */
  readonly repaired?: boolean;
  readonly finishReason: FinishReason;
  /** Prompt tokens the model read (the rendered history window, plus tool results). */
  readonly tokensIn: number;
  readonly tokensOut: number;
  /** Prompt tokens actually evaluated; the rest came from the warm state of the conversation. */
  readonly tokensEvaluated: number;
  readonly tokensReused: number;
  /** From submission to the first generated token (queue wait included). */
  readonly ttftMs: number;
  readonly totalMs: number;
  readonly queueWaitMs: number;
  readonly toolCalls: readonly ToolCallRecord[];
  readonly historyTurnsUsed: number;
  readonly historyTurnsDropped: number;
  /** Whether the conversation's state was still on a sequence. */
  readonly warm: boolean;
  readonly loraAdapter?: string;
}

export type ChatStreamEvent =
  { readonly type: 'text'; readonly text: string } | { readonly type: 'done'; readonly result: ChatResult };

export interface EmbedOptions {
  readonly signal?: AbortSignal;
  /** L2-normalise vectors (default true), so a dot product is the cosine similarity. */
  readonly normalize?: boolean;
}

export type EngineStatus = 'loading' | 'ready' | 'failed' | 'stopped';

export interface EngineState {
  readonly status: EngineStatus;
  /** Why the engine failed (for example `cannot load model /x.gguf: file does not exist`). */
  readonly reason?: string;
}

export interface ModelInfo {
  readonly path: string;
  readonly fileName: string;
  readonly fileSizeBytes: number;
  readonly name?: string;
  readonly architecture: string;
  readonly parameterCount?: number;
  /** File type, e.g. Q4_K_M, Q8_0, F16. */
  readonly quantization?: string;
  readonly trainContextLength: number;
  /** Context size of each sequence as created. */
  readonly contextSize: number;
  readonly embeddingLength?: number;
  readonly layers?: number;
  readonly vocabularySize?: number;
  readonly hasChatTemplate: boolean;
  readonly chatWrapper: string;
  readonly isDemoModel: boolean;
  readonly embeddingDimension: number;
  readonly embeddingModelPath: string;
  readonly gpu: string | false;
  readonly gpuLayers: number;
  readonly threads: number;
  readonly lanes: number;
  readonly sequences: number;
}

export interface EngineStats {
  readonly queued: number;
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  readonly warmHits: number;
  readonly coldStarts: number;
  readonly promptTokensEvaluated: number;
  readonly promptTokensReused: number;
  readonly tokensOut: number;
}

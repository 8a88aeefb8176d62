import type {
  ChatHistoryItem,
  ChatModelFunctions,
  ChatWrapper,
  ChatWrapperGeneratedContextState,
  ChatWrapperGenerateContextStateOptions,
  GbnfJsonSchema,
  LlamaTextJSON,
} from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { InferenceRequestError } from '../inference.errors';
import type { ToolDefinition } from '../inference.types';
import type { LlamaModule } from '../llama-loader';

const TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The tools as node-llama-cpp function definitions (their arguments become a grammar). */
export function toChatFunctions(tools: readonly ToolDefinition[]): ChatModelFunctions {
  const functions: Record<string, ChatModelFunctions[string]> = {};
  for (const tool of tools) {
    if (!TOOL_NAME.test(tool.name))
      throw new InferenceRequestError(`tool name "${tool.name}" must be an identifier (letters, digits, _)`);
    if (functions[tool.name]) throw new InferenceRequestError(`tool "${tool.name}" is defined twice`);
    functions[tool.name] = {
      description: tool.description,
      params: tool.parameters as GbnfJsonSchema | undefined,
    };
  }
  return functions;
}

/**
 * The same chat wrapper, except that the reply must start with a function call: the wrapper's call prefix
 * is injected and node-llama-cpp constrains the rest to a function name and its arguments. This is what
 * `toolChoice: 'required'` means.
 */
export function requireFunctionCall(mod: LlamaModule, base: ChatWrapper): ChatWrapper {
  const { call, parallelism } = base.settings.functions;
  const inject = parallelism
    ? mod.LlamaText([parallelism.call.sectionPrefix, call.prefix])
    : mod.LlamaText(call.prefix);
  const forced = Object.create(base) as ChatWrapper;
  Object.defineProperty(forced, 'generateContextState', {
    value: (options: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState => {
      const state = base.generateContextState(options);
      if (state.functionCall !== undefined || state.ignoreStartText !== undefined) return state;
      return {
        contextText: state.contextText,
        stopGenerationTriggers: state.stopGenerationTriggers,
        rerender: state.rerender,
        detectFunctionCalls: state.detectFunctionCalls,
        noPrefixTrigger: { type: 'functionCall', inject },
      };
    },
  });
  return forced;
}

export interface FunctionCallEntry {
  readonly name: string;
  readonly description?: string;
  readonly params: unknown;
  readonly result: unknown;
  readonly rawCall?: LlamaTextJSON;
}

/** Records a call and its result in the model response that made it, the way node-llama-cpp's chat session does. */
export function appendFunctionCall(
  history: readonly ChatHistoryItem[],
  entry: FunctionCallEntry,
): ChatHistoryItem[] {
  const copy = [...history];
  const last = copy.at(-1);
  const response = last?.type === 'model' ? [...last.response] : [];
  response.push({
    type: 'functionCall',
    name: entry.name,
    description: entry.description,
    params: entry.params,
    result: entry.result,
    rawCall: entry.rawCall,
  });
  if (last?.type === 'model') copy[copy.length - 1] = { type: 'model', response };
  else copy.push({ type: 'model', response });
  return copy;
}

/** The text of the last model response (what the user sees), without function calls. */
export function lastResponseText(history: readonly ChatHistoryItem[]): string {
  const last = history.at(-1);
  if (last?.type !== 'model') return '';
  return last.response.filter((item): item is string => typeof item === 'string').join('');
}

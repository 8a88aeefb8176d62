import type { Assistant, AssistantInput, AssistantTool } from '../../api/types';

/** The editor's values: lists as one item per line, tools as JSON text, optional numbers as ''. */
export interface AssistantFormValues {
  name: string;
  instructions: string;
  persona: string;
  greeting: string;
  temperature: number;
  topP: number;
  maxTokens: number;
  historyTokens: number;
  stop: string;
  seed: number | string;
  loraAdapter: string;
  handoverPhrases: string;
  handoverMessage: string;
  optOutPhrases: string;
  optOutConfirmation: string;
  fallbackMedia: string;
  fallbackError: string;
  fallbackQuota: string;
  inputBlocklist: string;
  outputBlocklist: string;
  blockedReply: string;
  maxReplyChars: number | string;
  toolsJson: string;
  templateName: string;
  templateLanguage: string;
  knowledgeEnabled: boolean;
  showCitations: boolean;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const optionalNumber = (value: number | string): number | null =>
  typeof value === 'number' ? value : value.trim() === '' ? null : Number(value);

export function toFormValues(a: Assistant): AssistantFormValues {
  return {
    name: a.name,
    instructions: a.instructions,
    persona: a.persona,
    greeting: a.greeting,
    temperature: a.model.temperature,
    topP: a.model.topP,
    maxTokens: a.model.maxTokens,
    historyTokens: a.model.historyTokens,
    stop: a.model.stop.join('\n'),
    seed: a.model.seed ?? '',
    loraAdapter: a.model.loraAdapter ?? '',
    handoverPhrases: a.handover.phrases.join('\n'),
    handoverMessage: a.handover.message,
    optOutPhrases: a.optOut.phrases.join('\n'),
    optOutConfirmation: a.optOut.confirmation,
    fallbackMedia: a.fallbackReplies.media,
    fallbackError: a.fallbackReplies.error,
    fallbackQuota: a.fallbackReplies.quota,
    inputBlocklist: a.guardrails.inputBlocklist.join('\n'),
    outputBlocklist: a.guardrails.outputBlocklist.join('\n'),
    blockedReply: a.guardrails.blockedReply,
    maxReplyChars: a.guardrails.maxReplyChars ?? '',
    toolsJson: JSON.stringify(a.tools, null, 2),
    templateName: a.closedWindowTemplate?.name ?? '',
    templateLanguage: a.closedWindowTemplate?.language ?? '',
    knowledgeEnabled: a.knowledge.enabled,
    showCitations: a.knowledge.showCitations,
  };
}

/** The PATCH body: the whole draft (nested objects merge, tools replace the list). */
export function toAssistantInput(v: AssistantFormValues): AssistantInput {
  const seed = optionalNumber(v.seed);
  const maxReplyChars = optionalNumber(v.maxReplyChars);
  return {
    name: v.name.trim(),
    instructions: v.instructions,
    persona: v.persona,
    greeting: v.greeting,
    model: {
      temperature: v.temperature,
      topP: v.topP,
      maxTokens: v.maxTokens,
      historyTokens: v.historyTokens,
      stop: lines(v.stop),
      seed,
      loraAdapter: v.loraAdapter.trim() || null,
    },
    handover: { phrases: lines(v.handoverPhrases), message: v.handoverMessage },
    optOut: { phrases: lines(v.optOutPhrases), confirmation: v.optOutConfirmation },
    fallbackReplies: { media: v.fallbackMedia, error: v.fallbackError, quota: v.fallbackQuota },
    guardrails: {
      inputBlocklist: lines(v.inputBlocklist),
      outputBlocklist: lines(v.outputBlocklist),
      blockedReply: v.blockedReply,
      maxReplyChars,
    },
    tools: parseTools(v.toolsJson).tools ?? [],
    closedWindowTemplate: v.templateName.trim()
      ? { name: v.templateName.trim(), language: v.templateLanguage.trim() }
      : null,
    knowledge: { enabled: v.knowledgeEnabled, showCitations: v.showCitations },
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks the tools JSON: an array of {name, description, parameters (JSON Schema), http}. */
export function parseTools(text: string): { tools?: AssistantTool[]; error?: string } {
  if (!text.trim()) return { tools: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(value)) return { error: 'Tools must be a JSON array: [ { "name": …, … } ]' };
  for (const [index, tool] of value.entries()) {
    const where = `Tool ${index + 1}`;
    if (!isObject(tool)) return { error: `${where} must be an object` };
    if (typeof tool.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(tool.name))
      return {
        error: `${where}: "name" must start with a letter or _ (letters, digits, _ or -, 64 at most)`,
      };
    if (typeof tool.description !== 'string' || !tool.description.trim())
      return { error: `${where}: "description" is required` };
    if (tool.parameters !== undefined && !isObject(tool.parameters))
      return { error: `${where}: "parameters" must be a JSON Schema object` };
    if (isObject(tool.parameters) && tool.parameters.type !== undefined && tool.parameters.type !== 'object')
      return { error: `${where}: the parameters schema must have "type": "object"` };
    if (!isObject(tool.http)) return { error: `${where}: "http" {url, method} is required` };
    if (typeof tool.http.url !== 'string' || !/^https?:\/\//.test(tool.http.url))
      return { error: `${where}: "http.url" must be an http(s) URL` };
    if (typeof tool.http.method !== 'string' || !METHODS.includes(tool.http.method))
      return { error: `${where}: "http.method" must be one of ${METHODS.join(', ')}` };
  }
  return { tools: value as AssistantTool[] };
}

export const TOOL_EXAMPLE = `[
  {
    "name": "lookup_order",
    "description": "Find an order by its number",
    "parameters": {
      "type": "object",
      "properties": { "orderId": { "type": "string" } },
      "required": ["orderId"]
    },
    "http": { "url": "https://api.example.com/orders/{orderId}", "method": "GET" }
  }
]`;

export function validateForm(v: AssistantFormValues): Partial<Record<keyof AssistantFormValues, string>> {
  const errors: Partial<Record<keyof AssistantFormValues, string>> = {};
  if (!v.name.trim()) errors.name = 'A name is required';
  if (!v.instructions.trim()) errors.instructions = 'Instructions are required';
  const tools = parseTools(v.toolsJson);
  if (tools.error) errors.toolsJson = tools.error;
  if (v.templateName.trim()) {
    if (!/^[a-z0-9_]{1,512}$/.test(v.templateName.trim()))
      errors.templateName = 'Template names use a-z, 0-9 and _';
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(v.templateLanguage.trim()))
      errors.templateLanguage = 'A language code like en or en_US';
  }
  if (v.loraAdapter.trim() && !/\.gguf$/.test(v.loraAdapter.trim()))
    errors.loraAdapter = 'A path to a .gguf file on the server';
  return errors;
}

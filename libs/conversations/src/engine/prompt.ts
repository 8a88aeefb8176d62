import type { AssistantConfig } from '@cria/assistants';
import type { ChatRequest, ChatTurn } from '@cria/inference';

export interface HistoryMessage {
  direction: 'inbound' | 'outbound';
  content: string;
  status: string;
}

/** Statuses of outbound messages the customer never received: not part of what was said. */
const NOT_SAID = new Set(['failed', 'window_closed', 'skipped']);

/**
 * The conversation as chat turns, oldest first: customers' messages are the user's turns, the assistant's
 * and agents' replies the assistant's; consecutive messages of one side (a burst) become one turn, so the
 * model answers them together. The budget-trimming itself is the inference module's job.
 */
export function historyTurns(messages: readonly HistoryMessage[]): ChatTurn[] {
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  for (const message of messages) {
    if (message.direction === 'outbound' && NOT_SAID.has(message.status)) continue;
    if (!message.content.trim()) continue;
    const role = message.direction === 'inbound' ? 'user' : 'assistant';
    const previous = turns[turns.length - 1];
    if (previous?.role === role) previous.content += `\n${message.content}`;
    else turns.push({ role, content: message.content });
  }
  while (turns.length > 0 && turns[0].role === 'assistant') turns.shift(); // a chat starts with the user
  return turns;
}

export function systemPrompt(
  config: AssistantConfig,
  extras: { contactName?: string | null; knowledge?: string } = {},
): string {
  const parts = [config.instructions.trim()];
  if (config.persona.trim()) parts.push(config.persona.trim());
  if (extras.contactName) parts.push(`The customer's name is ${extras.contactName}.`);
  if (extras.knowledge)
    parts.push(`Use these passages from the business's documents when they help:\n${extras.knowledge}`);
  return parts.join('\n\n');
}

/** The inference request for an assistant's reply: a live turn by default, or a playground reply. */
export function chatRequest(input: {
  tenantId: string;
  assistantId: string | null;
  conversationId: string;
  config: AssistantConfig;
  history: ChatTurn[];
  system: string;
  summary?: string | null;
  deadline?: number;
  priority?: ChatRequest['priority'];
  onTextChunk?: ChatRequest['onTextChunk'];
}): ChatRequest {
  const { config } = input;
  return {
    tenantId: input.tenantId,
    ...(input.assistantId ? { assistantId: input.assistantId } : {}),
    conversationId: input.conversationId,
    priority: input.priority ?? 'live',
    system: input.system,
    ...(input.summary ? { summary: input.summary } : {}),
    history: input.history,
    historyTokenBudget: config.model.historyTokens,
    temperature: config.model.temperature,
    topP: config.model.topP,
    maxTokens: config.model.maxTokens,
    stop: config.model.stop,
    ...(config.model.seed !== undefined ? { seed: config.model.seed } : {}),
    ...(config.model.loraAdapter ? { loraAdapter: config.model.loraAdapter } : {}),
    ...(config.tools.length
      ? {
          tools: config.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            parameters: tool.parameters,
            http: tool.http,
            allowHosts: tool.allowHosts,
          })),
        }
      : {}),
    ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
    ...(input.onTextChunk ? { onTextChunk: input.onTextChunk } : {}),
  };
}

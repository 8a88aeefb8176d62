/**
 * What an assistant is: the configuration stored as a draft and, once published, as an immutable version
 * that channels serve. Every field has a default so older versions stay readable as fields are added.
 */
export interface AssistantConfig {
  /** The system instructions: who the assistant is, what it does, what it must not do. */
  instructions: string;
  /** Optional persona (tone, name) appended to the instructions. */
  persona: string;
  /** Sent when a customer first writes (empty: none). */
  greeting: string;
  model: {
    temperature: number;
    topP: number;
    maxTokens: number;
    /** Tokens of history kept in the prompt (newest turns first). */
    historyTokens: number;
    stop: string[];
    seed?: number;
    /** Path of a LoRA adapter GGUF to run this assistant with. */
    loraAdapter?: string;
  };
  handover: {
    /** A customer message containing one of these hands the conversation to a human. */
    phrases: string[];
    message: string;
  };
  optOut: {
    phrases: string[];
    confirmation: string;
  };
  fallbackReplies: {
    /** For images, audio, video, documents and stickers the model cannot read. */
    media: string;
    /** When the model cannot answer (error, busy). */
    error: string;
    /** When the tenant's daily quota is used up. */
    quota: string;
  };
  guardrails: {
    inputBlocklist: string[];
    outputBlocklist: string[];
    blockedReply: string;
    maxReplyChars?: number;
  };
  tools: AssistantTool[];
  /** WhatsApp template sent when the 24 h window is closed (free-form text is not allowed then). */
  closedWindowTemplate?: { name: string; language: string };
  knowledge: { enabled: boolean; showCitations: boolean };
}

export interface AssistantTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  http: {
    url: string;
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers: Record<string, string>;
    timeoutMs: number;
  };
  allowHosts: string[];
}

export function defaultAssistantConfig(overrides: Partial<AssistantConfig> = {}): AssistantConfig {
  return {
    instructions: 'You are a helpful assistant for this business. Answer briefly and politely.',
    persona: '',
    greeting: '',
    model: { temperature: 0.7, topP: 0.9, maxTokens: 256, historyTokens: 1500, stop: [] },
    handover: {
      phrases: ['agent', 'human', 'humain', 'person', 'operator'],
      message: 'I am connecting you with a member of our team. They will reply here shortly.',
    },
    optOut: {
      phrases: ['stop', 'unsubscribe', 'arret', 'arrêt'],
      confirmation: 'You will not receive further automated messages. Reply START to resume.',
    },
    fallbackReplies: {
      media: 'Thanks! I can only read text messages for now: could you describe it in words?',
      error: 'Sorry, I cannot answer right now. Please try again in a moment.',
      quota: 'We are receiving many messages right now. A member of our team will get back to you.',
    },
    guardrails: { inputBlocklist: [], outputBlocklist: [], blockedReply: 'Sorry, I cannot help with that.' },
    tools: [],
    knowledge: { enabled: false, showCitations: false },
    ...overrides,
  };
}

/**
 * Shapes of the admin API (/api), mirroring the DTOs of libs/auth, libs/assistants and
 * libs/conversations. Dates arrive as ISO strings.
 */
export type Role = 'owner' | 'admin' | 'agent';
export const ROLES: readonly Role[] = ['owner', 'admin', 'agent'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export interface Tenant {
  id: string;
  name: string;
}

export interface SignupResult extends SessionTokens {
  tenant: Tenant;
}

export interface Me {
  user: { id: string; email: string; name: string | null } | null;
  apiKey: { id: string; name: string } | null;
  tenant: Tenant;
  role: Role;
  memberships: Array<{ tenantId: string; tenantName: string; role: Role }>;
}

export interface ModelSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
  historyTokens: number;
  stop: string[];
  seed?: number | null;
  loraAdapter?: string | null;
}

export interface AssistantTool {
  name: string;
  description: string;
  parameters?: Record<string, unknown>;
  http: {
    url: string;
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    timeoutMs?: number;
  };
  allowHosts?: string[];
}

export interface AssistantConfig {
  instructions: string;
  persona: string;
  greeting: string;
  model: ModelSettings;
  handover: { phrases: string[]; message: string };
  optOut: { phrases: string[]; confirmation: string };
  fallbackReplies: { media: string; error: string; quota: string };
  guardrails: {
    inputBlocklist: string[];
    outputBlocklist: string[];
    blockedReply: string;
    maxReplyChars?: number | null;
  };
  tools: AssistantTool[];
  closedWindowTemplate?: { name: string; language: string } | null;
  knowledge: { enabled: boolean; showCitations: boolean };
}

export interface Assistant extends AssistantConfig {
  id: string;
  name: string;
  publishedVersion: number | null;
  hasDraftChanges: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AssistantInput = Partial<AssistantConfig> & { name?: string };

export interface AssistantVersion {
  version: number;
  current: boolean;
  publishedBy: string | null;
  publishedAt: string;
  config: AssistantConfig;
}

export type ChannelType = 'whatsapp' | 'messenger' | 'instagram';
export const CHANNEL_TYPES: readonly ChannelType[] = ['whatsapp', 'messenger', 'instagram'];
export type ChannelStatus = 'active' | 'needs_reauth' | 'disabled';

export interface Channel {
  id: string;
  type: ChannelType;
  externalId: string;
  name: string | null;
  assistantId: string | null;
  status: ChannelStatus;
  ownApp: boolean;
  webhookUrl: string;
  verifyToken: string;
  lastError: { code?: string | number; title?: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateChannelInput {
  type: ChannelType;
  assistantId: string;
  externalId: string;
  accessToken: string;
  appSecret?: string;
  verifyToken?: string;
  name?: string;
}

export interface UpdateChannelInput {
  assistantId?: string;
  name?: string | null;
  status?: 'active' | 'disabled';
  accessToken?: string;
  appSecret?: string | null;
  verifyToken?: string;
}

export interface ChannelTestResult {
  ok: boolean;
  details?: Record<string, string>;
  error?: { code: string | number; message: string; type?: string };
  status: ChannelStatus;
}

export type ConversationState = 'bot' | 'human' | 'closed';
export const CONVERSATION_STATES: readonly ConversationState[] = ['bot', 'human', 'closed'];
export type MessageStatus =
  'received' | 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'window_closed' | 'skipped';

export interface Conversation {
  id: string;
  channel: { id: string; type: ChannelType; name: string | null };
  contact: { id: string; name: string | null; externalId: string; optedOut: boolean };
  assistantId: string | null;
  state: ConversationState;
  assigneeUserId: string | null;
  lastMessageAt: string;
  lastInboundAt: string | null;
  windowExpiresAt: string | null;
  windowOpen: boolean;
  closedAt: string | null;
  lastMessage: {
    id: string;
    direction: 'inbound' | 'outbound';
    role: MessageRole;
    type: string;
    preview: string;
    status: MessageStatus;
    createdAt: string;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'user' | 'assistant' | 'agent' | 'system';

export interface Message {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  role: MessageRole;
  type: string;
  content: string;
  payload: Record<string, unknown>;
  status: MessageStatus;
  errorCode: string | null;
  errorTitle: string | null;
  providerMessageId: string | null;
  authorUserId: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  latencyMs: number | null;
  guardrails: Array<{ rule: string; action: string; detail?: string }> | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
}

export interface ConversationFilters {
  channelId?: string;
  state?: ConversationState;
  assigneeId?: string;
  q?: string;
}

export interface Contact {
  id: string;
  channelId: string;
  channelType: ChannelType;
  externalId: string;
  name: string | null;
  optedOut: boolean;
  optedOutAt: string | null;
  conversations: number;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: string;
  createdAt: string;
}

export type ApiKeyScope = 'admin' | 'agent';

export interface ApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface UsageTotals {
  messagesIn: number;
  messagesOut: number;
  tokensIn: number;
  tokensOut: number;
  inferenceMs: number;
}

export interface UsageDay extends UsageTotals {
  day: string;
  channelId: string | null;
}

export interface UsageReport {
  from: string;
  to: string;
  items: UsageDay[];
  totals: UsageTotals;
}

export interface AuditEntry {
  id: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  actor: {
    type: 'user' | 'api_key' | 'system';
    userId: string | null;
    email: string | null;
    apiKeyId: string | null;
    apiKeyName: string | null;
  };
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** The inbox stream's events (GET /api/inbox/stream). */
export interface InboxEvent {
  type: 'conversation.created' | 'conversation.updated' | 'message.created' | 'message.updated';
  conversationId: string;
  messageId?: string;
  at: string;
}

/** GET /health/ready (terminus): the model details the workers report. */
export interface ModelHealth {
  status: 'up' | 'down';
  workers?: number;
  state?: 'none' | 'loading' | 'ready' | 'failed';
  path?: string | null;
  demo?: boolean;
  message?: string;
  /** Present when the api forwards the worker's model info (size, context). */
  info?: {
    name?: string;
    architecture?: string;
    parameterCount?: number;
    quantization?: string;
    fileSizeBytes?: number;
    contextSize?: number;
    trainContextLength?: number;
    gpu?: string | boolean;
    threads?: number;
  };
}

export interface ReadyReport {
  status: 'ok' | 'error' | 'shutting_down';
  details?: { model?: ModelHealth } & Record<string, { status: 'up' | 'down'; message?: string } | undefined>;
}

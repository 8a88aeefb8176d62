import type { ConversationState, MessageStatus } from '../../api/types';

export const STATE_LABEL: Record<ConversationState, string> = {
  bot: 'Assistant',
  human: 'Human',
  closed: 'Closed',
};
export const STATE_COLOR: Record<ConversationState, string> = {
  bot: 'blue',
  human: 'orange',
  closed: 'gray',
};

export const STATUS_COLOR: Record<MessageStatus, string> = {
  received: 'gray',
  pending: 'gray',
  sending: 'gray',
  sent: 'blue',
  delivered: 'teal',
  read: 'green',
  failed: 'red',
  window_closed: 'red',
  skipped: 'yellow',
};

export const STATUS_LABEL: Record<MessageStatus, string> = {
  received: 'received',
  pending: 'pending',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  window_closed: 'not sent: window closed',
  skipped: 'skipped',
};

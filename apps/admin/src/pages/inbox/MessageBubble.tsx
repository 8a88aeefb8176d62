import { Badge, Group, Paper, Text, Tooltip } from '@mantine/core';
import type { Message } from '../../api/types';
import { formatDateTime, formatTime } from '../../components/format';
import { STATUS_COLOR, STATUS_LABEL } from './labels';

const AUTHOR: Record<Message['role'], string> = {
  user: 'Customer',
  assistant: 'Assistant',
  agent: 'Agent',
  system: 'System',
};

function statusTimes(m: Message): string {
  return [
    m.sentAt && `sent ${formatDateTime(m.sentAt)}`,
    m.deliveredAt && `delivered ${formatDateTime(m.deliveredAt)}`,
    m.readAt && `read ${formatDateTime(m.readAt)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function MessageBubble({ message }: { message: Message }) {
  const outbound = message.direction === 'outbound';
  const failed = message.status === 'failed' || message.status === 'window_closed';
  return (
    <Group justify={outbound ? 'flex-end' : 'flex-start'} data-testid="message">
      <Paper
        p="xs"
        px="sm"
        maw="80%"
        withBorder
        bg={
          outbound
            ? message.role === 'agent'
              ? 'var(--mantine-color-orange-light)'
              : 'var(--mantine-color-teal-light)'
            : undefined
        }
      >
        <Text size="xs" c="dimmed">
          {AUTHOR[message.role]} · {formatTime(message.createdAt)}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.content || `[${message.type}]`}
        </Text>
        {outbound && (
          <Group gap={4} justify="flex-end" mt={2}>
            <Tooltip label={statusTimes(message) || 'not sent yet'} disabled={failed}>
              <Badge
                size="xs"
                variant="light"
                color={STATUS_COLOR[message.status]}
                data-testid="message-status"
              >
                {STATUS_LABEL[message.status]}
              </Badge>
            </Tooltip>
          </Group>
        )}
        {failed && (message.errorTitle || message.errorCode) && (
          <Text size="xs" c="red" role="note">
            Not delivered: {message.errorTitle ?? 'error'}
            {message.errorCode ? ` (code ${message.errorCode})` : ''}
          </Text>
        )}
      </Paper>
    </Group>
  );
}

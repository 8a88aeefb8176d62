import { Alert, Text } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import type { Conversation } from '../../api/types';
import { formatDateTime, formatDuration } from '../../components/format';
import { useNow } from '../../components/use-now';

/** Meta lets a business reply freely only within 24 h of the customer's last message. */
export function windowIsOpen(conversation: Conversation, now: number): boolean {
  return conversation.windowExpiresAt !== null && new Date(conversation.windowExpiresAt).getTime() > now;
}

export function WindowCountdown({ conversation }: { conversation: Conversation }) {
  const now = useNow(15_000);
  if (conversation.state === 'closed') return null;
  if (windowIsOpen(conversation, now)) {
    const left = new Date(conversation.windowExpiresAt ?? 0).getTime() - now;
    return (
      <Text size="xs" c={left < 3_600_000 ? 'orange' : 'dimmed'} data-testid="window-countdown">
        <IconClock size={12} style={{ verticalAlign: 'middle' }} /> Messaging window open:{' '}
        {formatDuration(left)} left to reply freely (until {formatDateTime(conversation.windowExpiresAt)}).
      </Text>
    );
  }
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconClock />}
      title="Messaging window closed"
      data-testid="window-closed"
    >
      {conversation.lastInboundAt
        ? `The customer last wrote ${formatDateTime(conversation.lastInboundAt)}, more than 24 hours ago.`
        : 'The customer has not written yet.'}{' '}
      Meta only allows free-form replies within 24 hours of the customer’s last message; outside it only an
      approved template can be sent. The window opens again when the customer writes.
    </Alert>
  );
}

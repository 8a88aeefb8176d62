import { Badge, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useConversations } from '../../api/inbox';
import type { Conversation, ConversationFilters } from '../../api/types';
import { channelLabel, formatTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading } from '../../components/states';
import { STATE_COLOR, STATE_LABEL } from './labels';

function contactName(c: Conversation): string {
  return c.contact.name ?? c.contact.externalId;
}

function Row({ conversation, selected }: { conversation: Conversation; selected: boolean }) {
  return (
    <UnstyledButton
      component={Link}
      to={`/inbox/${conversation.id}`}
      p="sm"
      data-testid="conversation-row"
      aria-current={selected ? 'true' : undefined}
      style={{
        display: 'block',
        borderRadius: 'var(--mantine-radius-md)',
        background: selected ? 'var(--mantine-color-teal-light)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          {contactName(conversation)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatTime(conversation.lastMessageAt)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {conversation.lastMessage?.preview ?? 'No message yet'}
      </Text>
      <Group gap={4} mt={4}>
        <Badge size="xs" variant="light" color={STATE_COLOR[conversation.state]}>
          {STATE_LABEL[conversation.state]}
        </Badge>
        <Badge size="xs" variant="outline" color="gray">
          {channelLabel(conversation.channel.type)}
        </Badge>
        {!conversation.windowOpen && conversation.state !== 'closed' && (
          <Badge size="xs" variant="outline" color="red">
            window closed
          </Badge>
        )}
      </Group>
    </UnstyledButton>
  );
}

export function ConversationList({
  filters,
  selectedId,
}: {
  filters: ConversationFilters;
  selectedId?: string;
}) {
  const conversations = useConversations(filters);
  if (conversations.isPending) return <Loading />;
  if (conversations.isError) return <ErrorAlert error={conversations.error} />;
  const items = conversations.data.pages.flatMap((page) => page.items);
  if (items.length === 0)
    return (
      <EmptyState title={Object.keys(filters).length ? 'No conversation matches' : 'No conversation yet'}>
        {Object.keys(filters).length
          ? 'Try other filters.'
          : 'When a customer writes to one of your channels, the conversation appears here at once.'}
      </EmptyState>
    );
  return (
    <Stack gap={2} role="list" aria-label="Conversations">
      {items.map((c) => (
        <div role="listitem" key={c.id}>
          <Row conversation={c} selected={c.id === selectedId} />
        </div>
      ))}
      {conversations.hasNextPage && (
        <Button
          variant="subtle"
          loading={conversations.isFetchingNextPage}
          onClick={() => void conversations.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}

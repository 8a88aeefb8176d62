import { Badge, Grid, Group, Paper, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useInboxStream, type StreamState } from '../../api/inbox-stream';
import { EmptyState, PageHeader } from '../../components/states';
import { ConversationFiltersBar, toFilters, type FilterInput } from './ConversationFiltersBar';
import { ConversationList } from './ConversationList';
import { Thread } from './Thread';

const STREAM_BADGE: Record<StreamState, { color: string; label: string }> = {
  connecting: { color: 'gray', label: 'Connecting…' },
  live: { color: 'teal', label: 'Live' },
  reconnecting: { color: 'orange', label: 'Reconnecting…' },
};

/** Conversations (live) beside the open thread; on a phone, one or the other. */
export function InboxPage() {
  const { conversationId } = useParams();
  const stream = useInboxStream();
  const [input, setInput] = useState<FilterInput>({
    channelId: null,
    state: null,
    assigneeId: null,
    search: '',
  });
  const [search] = useDebouncedValue(input.search, 300);
  const filters = toFilters(input, search);

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageHeader title="Inbox">Every conversation, live. Take over to answer yourself.</PageHeader>
        <Badge color={STREAM_BADGE[stream].color} variant="dot" data-testid="stream-state" aria-live="polite">
          {STREAM_BADGE[stream].label}
        </Badge>
      </Group>
      <Grid gutter="md">
        <Grid.Col
          span={{ base: 12, md: 4 }}
          display={{ base: conversationId ? 'none' : 'block', md: 'block' }}
        >
          <Paper withBorder p="xs">
            <Stack gap="xs">
              <ConversationFiltersBar value={input} onChange={setInput} />
              <ConversationList filters={filters} selectedId={conversationId} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col
          span={{ base: 12, md: 8 }}
          display={{ base: conversationId ? 'block' : 'none', md: 'block' }}
        >
          {conversationId ? (
            <Thread key={conversationId} conversationId={conversationId} />
          ) : (
            <Paper withBorder p="md">
              <EmptyState title="Pick a conversation">
                Its messages, statuses and the reply box open here.
              </EmptyState>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

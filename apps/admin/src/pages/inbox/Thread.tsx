import { Anchor, Badge, Button, Group, Paper, ScrollArea, Select, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useMembers } from '../../api/accounts';
import { errorMessage } from '../../api/client';
import { inboxApi, useAssign, useConversation, useConversationAction, useMessages } from '../../api/inbox';
import type { Conversation } from '../../api/types';
import { channelLabel } from '../../components/format';
import { useNow } from '../../components/use-now';
import { EmptyState, ErrorAlert, Loading } from '../../components/states';
import { STATE_COLOR, STATE_LABEL } from './labels';
import { MessageBubble } from './MessageBubble';
import { ReplyBox } from './ReplyBox';
import { WindowCountdown, windowIsOpen } from './WindowCountdown';

function Actions({ conversation }: { conversation: Conversation }) {
  const takeover = useConversationAction(conversation.id, inboxApi.takeover);
  const handback = useConversationAction(conversation.id, inboxApi.handback);
  const close = useConversationAction(conversation.id, inboxApi.close);
  const assign = useAssign(conversation.id);
  const members = useMembers();
  const error = takeover.error ?? handback.error ?? close.error ?? assign.error;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        {conversation.state !== 'human' && (
          <Button size="xs" color="orange" loading={takeover.isPending} onClick={() => takeover.mutate()}>
            Take over
          </Button>
        )}
        {conversation.state !== 'bot' && (
          <Button size="xs" variant="light" loading={handback.isPending} onClick={() => handback.mutate()}>
            Hand back to assistant
          </Button>
        )}
        {conversation.state !== 'closed' && (
          <Button size="xs" variant="default" loading={close.isPending} onClick={() => close.mutate()}>
            Close
          </Button>
        )}
        <Select
          size="xs"
          aria-label="Assignee"
          placeholder="Unassigned"
          w={180}
          clearable
          data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name ?? m.email }))}
          value={conversation.assigneeUserId}
          disabled={assign.isPending}
          onChange={(userId) => assign.mutate(userId)}
        />
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(error)}
        </Text>
      )}
    </Stack>
  );
}

function Messages({ conversationId }: { conversationId: string }) {
  const messages = useMessages(conversationId);
  const bottom = useRef<HTMLDivElement>(null);
  const count = messages.data?.items.length ?? 0;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  if (messages.isPending) return <Loading />;
  if (messages.isError) return <ErrorAlert error={messages.error} />;
  if (count === 0) return <EmptyState title="No message yet" />;
  return (
    <Stack gap="xs" aria-live="polite" aria-label="Messages">
      {messages.data.items.map((m) => (
        <MessageBubble key={m.id} message={m} />
      ))}
      <div ref={bottom} />
    </Stack>
  );
}

export function Thread({ conversationId }: { conversationId: string }) {
  const conversation = useConversation(conversationId);
  const now = useNow(15_000);
  if (conversation.isPending) return <Loading />;
  if (conversation.isError)
    return <ErrorAlert error={conversation.error} title="This conversation cannot be opened" />;
  const c = conversation.data;
  return (
    <Stack gap="sm" h="100%">
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Anchor component={Link} to="/inbox" size="sm" hiddenFrom="md">
            <Group gap={4}>
              <IconArrowLeft size={14} /> All conversations
            </Group>
          </Anchor>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <div>
              <Text fw={600}>{c.contact.name ?? c.contact.externalId}</Text>
              <Text size="xs" c="dimmed">
                {channelLabel(c.channel.type)} · {c.contact.externalId}
                {c.contact.optedOut ? ' · opted out of automated messages' : ''}
              </Text>
            </div>
            <Badge color={STATE_COLOR[c.state]} data-testid="conversation-state">
              {STATE_LABEL[c.state]}
            </Badge>
          </Group>
          <Actions conversation={c} />
          <WindowCountdown conversation={c} />
        </Stack>
      </Paper>
      <ScrollArea.Autosize mah="55vh" type="auto">
        <Messages conversationId={c.id} />
      </ScrollArea.Autosize>
      <ReplyBox conversation={c} windowOpen={windowIsOpen(c, now)} />
    </Stack>
  );
}

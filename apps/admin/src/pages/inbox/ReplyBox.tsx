import { Alert, Button, Group, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { inboxApi, inboxKeys } from '../../api/inbox';
import type { Conversation } from '../../api/types';

/** Why a free-form reply cannot be sent now (null: it can). */
export function replyBlockedReason(c: Conversation, windowOpen: boolean): string | null {
  if (c.state === 'closed') return 'This conversation is closed.';
  if (!windowOpen)
    return 'The 24-hour messaging window is closed: Meta refuses free-form replies until the customer writes again.';
  return null;
}

export function ReplyBox({ conversation, windowOpen }: { conversation: Conversation; windowOpen: boolean }) {
  const [text, setText] = useState('');
  const [clientMessageId, setClientMessageId] = useState(() => crypto.randomUUID());
  const client = useQueryClient();
  const reply = useMutation({
    mutationFn: () => inboxApi.reply(conversation.id, text.trim(), clientMessageId),
    onSuccess: () => {
      setText('');
      setClientMessageId(crypto.randomUUID());
      return client.invalidateQueries({ queryKey: inboxKeys.conversations });
    },
  });
  const blocked = replyBlockedReason(conversation, windowOpen);
  const send = () => {
    if (text.trim() && !blocked && !reply.isPending) reply.mutate();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {reply.isError && (
        <Alert color="red" mb="xs" role="alert">
          {errorMessage(reply.error)}
        </Alert>
      )}
      {conversation.state === 'bot' && !blocked && (
        <Alert color="blue" variant="light" mb="xs">
          The assistant is answering this conversation. Take over first if you want it to stay quiet.
        </Alert>
      )}
      <Group align="flex-end" wrap="nowrap" gap="xs">
        <Textarea
          aria-label="Reply"
          placeholder={blocked ?? 'Write a reply… (Ctrl+Enter to send)'}
          autosize
          minRows={2}
          maxRows={8}
          style={{ flex: 1 }}
          value={text}
          disabled={blocked !== null}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
        />
        <Button
          type="submit"
          leftSection={<IconSend size={16} />}
          disabled={blocked !== null || !text.trim()}
          loading={reply.isPending}
        >
          Send
        </Button>
      </Group>
    </form>
  );
}

import {
  Alert,
  Button,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { sayToPlayground, type PlaygroundEvent } from '../../api/playground';

interface Turn {
  role: 'user' | 'assistant';
  text: string;
  meta?: string;
}

/** Chat with the draft (or the live version) before customers do. */
export function PlaygroundPanel({ assistantId, unsaved }: { assistantId: string; unsaved: boolean }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [input, setInput] = useState('');
  const [source, setSource] = useState<'draft' | 'published'>('draft');
  const [sessionId, setSessionId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    // scrollIntoView returns a promise in recent browsers: never hand it to React as a cleanup
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [turns]);

  const appendToReply = (update: (last: Turn) => Turn) =>
    setTurns((all) => [...all.slice(0, -1), update(all[all.length - 1])]);

  const onEvent = (event: PlaygroundEvent) => {
    switch (event.type) {
      case 'session':
        setSessionId(event.sessionId);
        break;
      case 'token':
        appendToReply((last) => ({ ...last, text: last.text + event.text }));
        break;
      case 'done':
        appendToReply(() => ({
          role: 'assistant',
          text: event.text,
          meta: `${event.tokensIn} → ${event.tokensOut} tokens · first token ${event.ttftMs} ms · ${(event.totalMs / 1000).toFixed(1)} s`,
        }));
        break;
      case 'error':
        setError(event.message);
        break;
    }
  };

  const send = async () => {
    const message = input.trim();
    if (!message || busy) return;
    setInput('');
    setError(null);
    setBusy(true);
    setTurns((all) => [...all, { role: 'user', text: message }, { role: 'assistant', text: '' }]);
    abort.current = new AbortController();
    try {
      await sayToPlayground(assistantId, { message, sessionId, source }, onEvent, abort.current.signal);
    } catch (e) {
      if (!abort.current.signal.aborted) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    abort.current?.abort();
    setTurns([]);
    setSessionId(undefined);
    setError(null);
  };

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={source}
          onChange={(value) => {
            setSource(value as 'draft' | 'published');
            reset();
          }}
          data={[
            { value: 'draft', label: 'Saved draft' },
            { value: 'published', label: 'Live version' },
          ]}
          aria-label="Which version to chat with"
        />
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={reset}>
          New conversation
        </Button>
      </Group>
      {unsaved && source === 'draft' && (
        <Alert color="yellow">
          You have unsaved edits: the playground uses the saved draft. Save to try them.
        </Alert>
      )}
      <Paper withBorder p="sm">
        <ScrollArea.Autosize mah="50vh">
          {turns.length === 0 ? (
            <Text c="dimmed" size="sm" ta="center" py="lg">
              Write as a customer would. Nothing is sent to any channel.
            </Text>
          ) : (
            <Stack gap="xs" aria-live="polite">
              {turns.map((turn, i) => (
                <Group key={i} justify={turn.role === 'user' ? 'flex-start' : 'flex-end'}>
                  <Paper
                    p="xs"
                    px="sm"
                    maw="80%"
                    withBorder
                    bg={turn.role === 'assistant' ? 'var(--mantine-color-teal-light)' : undefined}
                  >
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {turn.text || (busy && i === turns.length - 1 ? '…' : '')}
                    </Text>
                    {turn.meta && (
                      <Text size="xs" c="dimmed">
                        {turn.meta}
                      </Text>
                    )}
                  </Paper>
                </Group>
              ))}
              <div ref={bottom} />
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group align="flex-end" wrap="nowrap" gap="xs">
        <Textarea
          aria-label="Message to the assistant"
          placeholder="Hello, are you open on Sunday?"
          autosize
          minRows={1}
          style={{ flex: 1 }}
          value={input}
          onChange={(e) => setInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <Button
          leftSection={<IconSend size={16} />}
          loading={busy}
          onClick={() => void send()}
          disabled={!input.trim()}
        >
          Send
        </Button>
      </Group>
    </Stack>
  );
}

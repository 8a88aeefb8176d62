import {
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  PasswordInput,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { channelsApi, useChannelMutation } from '../../api/channels';
import { errorMessage } from '../../api/client';
import type {
  Assistant,
  Channel,
  ChannelStatus,
  ChannelTestResult,
  UpdateChannelInput,
} from '../../api/types';
import { channelLabel, formatDateTime } from '../../components/format';
import { MetaSetup } from './MetaSetup';

const STATUS_COLOR: Record<ChannelStatus, string> = { active: 'teal', needs_reauth: 'red', disabled: 'gray' };
const STATUS_LABEL: Record<ChannelStatus, string> = {
  active: 'Active',
  needs_reauth: 'Needs a new token',
  disabled: 'Disabled',
};

function TestResult({ result }: { result: ChannelTestResult }) {
  if (result.ok)
    return (
      <Alert color="teal" title="Connection works" data-testid="test-result">
        {Object.entries(result.details ?? {})
          .map(([k, v]) => `${k}: ${v}`)
          .join(' · ') || 'Meta accepted the token.'}
      </Alert>
    );
  return (
    <Alert color="red" title="Meta refused the connection" data-testid="test-result">
      {result.error ? `${result.error.message} (code ${result.error.code})` : 'No details.'}
    </Alert>
  );
}

function ReplaceToken({ channel }: { channel: Channel }) {
  const [token, setToken] = useState('');
  const update = useChannelMutation((body: UpdateChannelInput) => channelsApi.update(channel.id, body));
  return (
    <Group align="flex-end" wrap="wrap">
      <PasswordInput
        label="New access token"
        value={token}
        onChange={(e) => setToken(e.currentTarget.value)}
        style={{ flex: 1, minWidth: 220 }}
        error={update.isError ? errorMessage(update.error) : undefined}
      />
      <Button
        disabled={!token.trim()}
        loading={update.isPending}
        onClick={() =>
          update.mutate(
            { accessToken: token.trim() },
            {
              onSuccess: () => {
                setToken('');
                notifications.show({ color: 'teal', message: 'Token replaced' });
              },
            },
          )
        }
      >
        Save token
      </Button>
    </Group>
  );
}

export function ChannelCard({ channel, assistants }: { channel: Channel; assistants: Assistant[] }) {
  const [setupOpen, { toggle: toggleSetup }] = useDisclosure(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [tokenOpen, { toggle: toggleToken }] = useDisclosure(false);
  const needsToken = channel.status === 'needs_reauth';
  const test = useChannelMutation(() => channelsApi.test(channel.id));
  const update = useChannelMutation((body: UpdateChannelInput) => channelsApi.update(channel.id, body));
  const remove = useChannelMutation(() => channelsApi.remove(channel.id));
  const title = channel.name ?? channel.externalId;

  return (
    <Card
      withBorder
      padding="md"
      data-testid="channel-card"
      aria-label={`${channelLabel(channel.type)} ${title}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600}>
              {channelLabel(channel.type)} · {title}
            </Text>
            <Text size="xs" c="dimmed">
              ID {channel.externalId} · {channel.ownApp ? 'own Meta app' : 'platform Meta app'} · connected{' '}
              {formatDateTime(channel.createdAt)}
            </Text>
          </div>
          <Badge
            color={STATUS_COLOR[channel.status]}
            size="lg"
            variant={channel.status === 'needs_reauth' ? 'filled' : 'light'}
          >
            {STATUS_LABEL[channel.status]}
          </Badge>
        </Group>
        {channel.lastError && (
          <Text size="sm" c="red">
            Last error {formatDateTime(channel.lastError.at)}: {channel.lastError.title ?? 'unknown'}
            {channel.lastError.code !== undefined ? ` (code ${channel.lastError.code})` : ''}
          </Text>
        )}
        <Select
          label="Assistant"
          data={assistants.map((a) => ({ value: a.id, label: a.name }))}
          value={channel.assistantId}
          allowDeselect={false}
          onChange={(value) => value && update.mutate({ assistantId: value })}
          maw={360}
        />
        {test.data && <TestResult result={test.data} />}
        {(test.isError || update.isError || remove.isError) && (
          <Alert color="red" role="alert">
            {errorMessage(test.error ?? update.error ?? remove.error)}
          </Alert>
        )}
        <Group gap="xs" wrap="wrap">
          <Button size="xs" variant="light" loading={test.isPending} onClick={() => test.mutate(undefined)}>
            Test connection
          </Button>
          <Button size="xs" variant="default" onClick={toggleSetup} aria-expanded={setupOpen}>
            {setupOpen ? 'Hide Meta setup' : 'Show Meta setup'}
          </Button>
          {!needsToken && (
            <Button size="xs" variant="default" onClick={toggleToken} aria-expanded={tokenOpen}>
              Replace token
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            loading={update.isPending}
            onClick={() => update.mutate({ status: channel.status === 'disabled' ? 'active' : 'disabled' })}
          >
            {channel.status === 'disabled' ? 'Enable' : 'Disable'}
          </Button>
          {confirmDelete ? (
            <Button size="xs" color="red" loading={remove.isPending} onClick={() => remove.mutate(undefined)}>
              Confirm: delete its conversations too
            </Button>
          ) : (
            <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
              Disconnect
            </Button>
          )}
        </Group>
        <Collapse in={tokenOpen || needsToken}>
          <ReplaceToken channel={channel} />
        </Collapse>
        <Collapse in={setupOpen}>
          <MetaSetup channel={channel} />
        </Collapse>
      </Stack>
    </Card>
  );
}

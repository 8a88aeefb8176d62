import { ActionIcon, Code, CopyButton, Group, List, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { Channel } from '../../api/types';
import { META_GUIDES } from './meta-guide';

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      onFocus={(event) => event.currentTarget.select()}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy ${label}`}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

/** Exactly what to paste into Meta's dashboard for this channel. */
export function MetaSetup({ channel }: { channel: Channel }) {
  const guide = META_GUIDES[channel.type];
  return (
    <Stack gap="xs">
      <Text size="sm">
        In <b>{guide.webhookWhere}</b>
        {channel.ownApp ? ' of your own Meta app' : ' of the platform’s Meta app'}, paste:
      </Text>
      <CopyField label="Callback URL" value={channel.webhookUrl} testId="webhook-url" />
      <CopyField label="Verify token" value={channel.verifyToken} testId="verify-token" />
      <Text size="sm">Then subscribe to these webhook fields:</Text>
      <List size="sm" spacing={2}>
        {guide.fields.map((field) => (
          <List.Item key={field.name}>
            <Group gap={6} wrap="nowrap" component="span">
              <Code>{field.name}</Code>
              <Text span size="sm" c="dimmed">
                {field.why}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

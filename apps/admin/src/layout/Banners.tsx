import { Alert, Anchor, Code, Stack } from '@mantine/core';
import { IconAlertOctagon, IconFlask } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useChannels } from '../api/channels';
import { useReadiness } from '../api/health';
import { useSession } from '../auth/session';
import { channelLabel } from '../components/format';

export const MODEL_PULL_COMMAND = 'npm run model:pull -- hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M';

/** A channel whose token Meta rejected stops answering customers: shown on every page until fixed. */
export function ReauthBanner() {
  const { isAdmin } = useSession();
  const channels = useChannels(isAdmin);
  const broken = (channels.data?.items ?? []).filter((c) => c.status === 'needs_reauth');
  if (broken.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconAlertOctagon />}
      title="A channel needs a new access token"
      role="alert"
      data-testid="reauth-banner"
    >
      <Stack gap={4}>
        {broken.map((channel) => (
          <span key={channel.id}>
            {channelLabel(channel.type)} {channel.name ?? channel.externalId}: Meta rejected its token
            {channel.lastError?.title ? ` (${channel.lastError.title})` : ''}. Customers get no replies until
            you paste a new one.
          </span>
        ))}
        <Anchor component={Link} to="/channels" c="white" fw={700} underline="always">
          Fix it in Channels
        </Anchor>
      </Stack>
    </Alert>
  );
}

/** The demo model answers gibberish: say so, with the command that fetches a real one. */
export function DemoModelBanner() {
  const ready = useReadiness();
  if (!ready.data?.details?.model?.demo) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconFlask />}
      title="The demo model is in use"
      data-testid="demo-model-banner"
    >
      Replies are placeholders until a real model is installed. On the server, run{' '}
      <Code>{MODEL_PULL_COMMAND}</Code> and restart.{' '}
      <Anchor component={Link} to="/model">
        Model status
      </Anchor>
    </Alert>
  );
}

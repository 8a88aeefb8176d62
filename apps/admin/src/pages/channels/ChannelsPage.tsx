import { Button, Group, SimpleGrid } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlugConnected } from '@tabler/icons-react';
import { useAssistants } from '../../api/assistants';
import { useChannels } from '../../api/channels';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';
import { ChannelCard } from './ChannelCard';
import { ConnectChannelModal } from './ConnectChannelModal';

export function ChannelsPage() {
  const channels = useChannels();
  const assistants = useAssistants();
  const [opened, { open, close }] = useDisclosure(false);
  const items = channels.data?.items ?? [];

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageHeader title="Channels">
          WhatsApp numbers, Messenger pages and Instagram accounts your assistants answer on.
        </PageHeader>
        <Button leftSection={<IconPlugConnected size={16} />} onClick={open}>
          Connect a channel
        </Button>
      </Group>
      <ConnectChannelModal opened={opened} onClose={close} />
      {channels.isPending && <Loading />}
      {channels.isError && <ErrorAlert error={channels.error} />}
      {channels.isSuccess && items.length === 0 && (
        <EmptyState title="No channel connected">
          Connect WhatsApp, Messenger or Instagram: you will get the webhook URL and verify token to paste
          into Meta.
          <br />
          <Button mt="sm" onClick={open}>
            Connect a channel
          </Button>
        </EmptyState>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {items.map((channel) => (
          <ChannelCard key={channel.id} channel={channel} assistants={assistants.data?.items ?? []} />
        ))}
      </SimpleGrid>
    </>
  );
}

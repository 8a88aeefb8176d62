import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAssistants } from '../../api/assistants';
import { channelsApi, useChannelMutation } from '../../api/channels';
import type { Channel, ChannelType } from '../../api/types';
import { channelLabel } from '../../components/format';
import { ErrorAlert } from '../../components/states';
import { META_GUIDES } from './meta-guide';
import { MetaSetup } from './MetaSetup';

interface Values {
  assistantId: string;
  externalId: string;
  accessToken: string;
  name: string;
  appSecret: string;
  verifyToken: string;
}

/** Connect flow: channel type → ids and token → what to paste into Meta. */
export function ConnectChannelModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [type, setType] = useState<ChannelType>('whatsapp');
  const [created, setCreated] = useState<Channel | null>(null);
  const [ownApp, setOwnApp] = useState(false);
  const assistants = useAssistants();
  const guide = META_GUIDES[type];
  const form = useForm<Values>({
    initialValues: {
      assistantId: '',
      externalId: '',
      accessToken: '',
      name: '',
      appSecret: '',
      verifyToken: '',
    },
    validate: {
      assistantId: (v) => (v ? null : 'Choose the assistant that answers here'),
      externalId: (v) =>
        /^[A-Za-z0-9_.:-]{1,64}$/.test(v.trim()) ? null : `Enter the ${guide.externalIdLabel}`,
      accessToken: (v) => (v.trim() && !/\s/.test(v.trim()) ? null : 'Paste the access token (no spaces)'),
      verifyToken: (v) =>
        !v || v.length >= 8 ? null : 'At least 8 characters, or leave empty to generate one',
    },
  });
  const create = useChannelMutation(channelsApi.create);

  const close = () => {
    onClose();
    setCreated(null);
    create.reset();
    form.reset();
  };
  const options = (assistants.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Now configure Meta' : 'Connect a channel'}
      size="lg"
    >
      {created ? (
        <Stack>
          <Alert color="teal">
            {channelLabel(created.type)} {created.name ?? created.externalId} is connected. Messages arrive
            once Meta knows the webhook.
          </Alert>
          <MetaSetup channel={created} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            create.mutate(
              {
                type,
                assistantId: v.assistantId,
                externalId: v.externalId.trim(),
                accessToken: v.accessToken.trim(),
                ...(v.name.trim() ? { name: v.name.trim() } : {}),
                ...(ownApp && v.appSecret.trim() ? { appSecret: v.appSecret.trim() } : {}),
                ...(v.verifyToken.trim() ? { verifyToken: v.verifyToken.trim() } : {}),
              },
              { onSuccess: setCreated },
            ),
          )}
        >
          <Stack>
            <SegmentedControl
              fullWidth
              value={type}
              onChange={(value) => setType(value as ChannelType)}
              data={[
                { value: 'whatsapp', label: 'WhatsApp' },
                { value: 'messenger', label: 'Messenger' },
                { value: 'instagram', label: 'Instagram' },
              ]}
              aria-label="Channel type"
            />
            {create.isError && <ErrorAlert error={create.error} title="The channel was not connected" />}
            {assistants.isSuccess && options.length === 0 && (
              <Alert color="yellow">
                Create an assistant first:{' '}
                <Anchor component={Link} to="/assistants">
                  Assistants
                </Anchor>
              </Alert>
            )}
            <Select label="Assistant" required data={options} {...form.getInputProps('assistantId')} />
            <TextInput
              label={guide.externalIdLabel}
              description={guide.externalIdHelp}
              required
              {...form.getInputProps('externalId')}
            />
            <PasswordInput
              label={guide.tokenLabel}
              description={`${guide.tokenHelp} Stored encrypted, never shown again.`}
              required
              {...form.getInputProps('accessToken')}
            />
            <TextInput label="Display name" placeholder="Shop front desk" {...form.getInputProps('name')} />
            <SegmentedControl
              value={ownApp ? 'own' : 'platform'}
              onChange={(value) => setOwnApp(value === 'own')}
              data={[
                { value: 'platform', label: 'Platform’s Meta app' },
                { value: 'own', label: 'My own Meta app' },
              ]}
              aria-label="Which Meta app delivers webhooks"
            />
            {ownApp && (
              <PasswordInput
                label="App secret"
                description="App Dashboard → App settings → Basic. Your channel gets its own webhook URL."
                {...form.getInputProps('appSecret')}
              />
            )}
            <TextInput
              label="Verify token"
              description="Optional: leave empty and one is generated."
              {...form.getInputProps('verifyToken')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Connect {channelLabel(type)}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accountKeys, accountsApi, useListMutation } from '../../api/accounts';
import type { ApiKeyScope, CreatedApiKey } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';

function NewKey({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  return (
    <Alert color="teal" title={`Key “${created.name}” created: copy it now`} role="status">
      <Stack gap="xs">
        This is the only time the key is shown. Store it in your secret manager.
        <Code block data-testid="new-api-key">
          {created.key}
        </Code>
        <Group>
          <CopyButton value={created.key}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy}>
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDismiss}>
            I stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

export function ApiKeysPage() {
  const keys = useQuery({ queryKey: accountKeys.apiKeys, queryFn: accountsApi.apiKeys });
  const create = useListMutation(accountKeys.apiKeys, accountsApi.createApiKey);
  const revoke = useListMutation(accountKeys.apiKeys, accountsApi.revokeApiKey);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm<{ name: string; scopes: ApiKeyScope[]; expiresAt: string }>({
    initialValues: { name: '', scopes: ['agent'], expiresAt: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the key after what uses it'),
      scopes: (v) => (v.length ? null : 'Choose at least one scope'),
    },
  });
  const items = keys.data?.items ?? [];

  return (
    <>
      <PageHeader title="API keys">
        For your own integrations: send it as Authorization: Bearer cria_…
      </PageHeader>
      {created && <NewKey created={created} onDismiss={() => setCreated(null)} />}
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          New key
        </Title>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            create.mutate(
              {
                name: v.name.trim(),
                scopes: v.scopes,
                ...(v.expiresAt ? { expiresAt: new Date(`${v.expiresAt}T23:59:59`).toISOString() } : {}),
              },
              {
                onSuccess: (key) => {
                  setCreated(key);
                  form.reset();
                },
              },
            ),
          )}
        >
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label="Name"
              placeholder="CRM integration"
              {...form.getInputProps('name')}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Checkbox.Group label="Scopes" {...form.getInputProps('scopes')}>
              <Group mt={8}>
                <Checkbox value="agent" label="agent (inbox)" />
                <Checkbox value="admin" label="admin (everything)" />
              </Group>
            </Checkbox.Group>
            <TextInput label="Expires (optional)" type="date" {...form.getInputProps('expiresAt')} />
            <Button type="submit" mt={24} loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </form>
        {create.isError && <ErrorAlert error={create.error} title="No key created" />}
      </Paper>
      {keys.isPending && <Loading />}
      {keys.isError && <ErrorAlert error={keys.error} />}
      {keys.isSuccess && items.length === 0 && <EmptyState title="No API key yet" />}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.name}</Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{k.scopes.join(', ')}</Table.Td>
                  <Table.Td>{formatDateTime(k.lastUsedAt)}</Table.Td>
                  <Table.Td>{k.expiresAt ? formatDateTime(k.expiresAt) : 'never'}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      <Badge color="gray">revoked</Badge>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(k.id)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

import { Badge, Group, SegmentedControl, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { accountKeys, accountsApi, useListMutation } from '../../api/accounts';
import type { Contact } from '../../api/types';
import { channelLabel, formatDateTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';

function OptOutSwitch({ contact }: { contact: Contact }) {
  const update = useListMutation(['contacts'], (optedOut: boolean) =>
    accountsApi.updateContact(contact.id, { optedOut }),
  );
  return (
    <Switch
      aria-label={`Automated messages for ${contact.name ?? contact.externalId}`}
      checked={!contact.optedOut}
      disabled={update.isPending}
      onChange={(e) => update.mutate(!e.currentTarget.checked)}
      label={contact.optedOut ? 'Opted out' : 'Receives'}
      size="xs"
    />
  );
}

export function ContactsPage() {
  const [search, setSearch] = useState('');
  const [optedOut, setOptedOut] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const contacts = useQuery({
    queryKey: accountKeys.contacts(q, optedOut),
    queryFn: () => accountsApi.contacts(q, optedOut),
  });
  const items = contacts.data?.items ?? [];
  return (
    <>
      <PageHeader title="Contacts">The people who wrote to your channels.</PageHeader>
      <Group wrap="wrap">
        <TextInput
          aria-label="Search contacts"
          placeholder="Name or platform id"
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <SegmentedControl
          value={optedOut}
          onChange={setOptedOut}
          data={[
            { value: '', label: 'All' },
            { value: 'false', label: 'Receiving' },
            { value: 'true', label: 'Opted out' },
          ]}
          aria-label="Opt-out filter"
        />
      </Group>
      {contacts.isPending && <Loading />}
      {contacts.isError && <ErrorAlert error={contacts.error} />}
      {contacts.isSuccess && items.length === 0 && (
        <EmptyState title={q || optedOut ? 'No contact matches' : 'No contact yet'}>
          Contacts appear when customers write to a channel.
        </EmptyState>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Conversations</Table.Th>
                <Table.Th>Last message</Table.Th>
                <Table.Th>Automated messages</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.name ?? '—'}
                    <br />
                    <Text span size="xs" c="dimmed">
                      {c.externalId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="gray">
                      {channelLabel(c.channelType)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.conversations}</Table.Td>
                  <Table.Td>{formatDateTime(c.lastMessageAt)}</Table.Td>
                  <Table.Td>
                    <OptOutSwitch contact={c} />
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

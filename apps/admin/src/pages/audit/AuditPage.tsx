import { Button, Code, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accountKeys, accountsApi } from '../../api/accounts';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';

function actorOf(entry: AuditEntry): string {
  switch (entry.actor.type) {
    case 'user':
      return entry.actor.email ?? entry.actor.userId ?? 'user';
    case 'api_key':
      return `API key ${entry.actor.apiKeyName ?? entry.actor.apiKeyId ?? ''}`;
    case 'system':
      return 'Cria';
  }
}

const ACTION = /^[a-z_]+(\.[a-z_]*)?$/;

export function AuditPage() {
  const [input, setInput] = useState('');
  const [debounced] = useDebouncedValue(input.trim(), 300);
  const action = debounced && ACTION.test(debounced) ? debounced : '';
  const log = useInfiniteQuery({
    queryKey: accountKeys.audit(action),
    queryFn: ({ pageParam }) => accountsApi.audit(action, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Audit log">
        Every change made through the API: who, what, when, from where.
      </PageHeader>
      <TextInput
        label="Action"
        description="Exact (assistant.publish) or a prefix ending with a dot (channel.)"
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        error={debounced && !ACTION.test(debounced) ? 'Looks like resource.verb or resource.' : undefined}
        maw={360}
      />
      {log.isPending && <Loading />}
      {log.isError && <ErrorAlert error={log.error} />}
      {log.isSuccess && items.length === 0 && <EmptyState title="Nothing recorded" />}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
                  <Table.Td>{actorOf(e)}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ''}` : '—'}
                  </Table.Td>
                  <Table.Td>{e.ip ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.hasNextPage && (
        <Button variant="subtle" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Load more
        </Button>
      )}
    </>
  );
}

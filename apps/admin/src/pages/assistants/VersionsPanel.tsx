import { Badge, Button, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { assistantsApi, useAssistantMutation, useAssistantVersions } from '../../api/assistants';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading } from '../../components/states';

export function VersionsPanel({ assistantId }: { assistantId: string }) {
  const versions = useAssistantVersions(assistantId);
  const rollback = useAssistantMutation((version: number) => assistantsApi.rollback(assistantId, version));

  if (versions.isPending) return <Loading />;
  if (versions.isError) return <ErrorAlert error={versions.error} />;
  if (versions.data.items.length === 0) return <EmptyState title="Not published yet" />;

  return (
    <Table.ScrollContainer minWidth={480}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Published</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.data.items.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>
                v{v.version} {v.current && <Badge ml="xs">Live</Badge>}
              </Table.Td>
              <Table.Td>{formatDateTime(v.publishedAt)}</Table.Td>
              <Table.Td ta="right">
                {!v.current && (
                  <Button
                    size="xs"
                    variant="light"
                    loading={rollback.isPending && rollback.variables === v.version}
                    onClick={() =>
                      rollback.mutate(v.version, {
                        onSuccess: (a) =>
                          notifications.show({
                            color: 'teal',
                            message: `v${v.version} is live again as v${a.publishedVersion}`,
                          }),
                        onError: (e) =>
                          notifications.show({
                            color: 'red',
                            title: 'Rollback failed',
                            message: errorMessage(e),
                          }),
                      })
                    }
                  >
                    Roll back to v{v.version}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

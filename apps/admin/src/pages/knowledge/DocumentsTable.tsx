import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Progress,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  isIngesting,
  knowledgeApi,
  useDocumentMutation,
  type DocumentStatus,
  type KnowledgeDocument,
} from '../../api/knowledge';
import type { Assistant } from '../../api/types';
import { formatBytes, formatDateTime, formatNumber } from '../../components/format';
import { ErrorAlert } from '../../components/states';

const STATUS_COLOR: Record<DocumentStatus, string> = {
  queued: 'gray',
  processing: 'blue',
  ready: 'teal',
  failed: 'red',
};
const STATUS_LABEL: Record<DocumentStatus, string> = {
  queued: 'Queued',
  processing: 'Indexing',
  ready: 'Ready',
  failed: 'Failed',
};

function Status({ document }: { document: KnowledgeDocument }) {
  const ingesting = isIngesting(document);
  return (
    <Stack gap={4} miw={140} data-testid="document-status">
      <Group gap="xs" wrap="nowrap">
        <Badge color={STATUS_COLOR[document.status]} variant="light">
          {STATUS_LABEL[document.status]}
        </Badge>
        {document.status !== 'failed' && (
          <Text size="xs" c="dimmed">
            {document.progress}%
          </Text>
        )}
      </Group>
      {ingesting && (
        <>
          <Progress
            value={document.progress}
            size="sm"
            animated
            aria-label={`Indexing ${document.name}: ${document.progress}%`}
          />
          <Text size="xs" c="dimmed">
            {document.stage}
          </Text>
        </>
      )}
    </Stack>
  );
}

function Assistants({
  document,
  assistants,
  canManage,
}: {
  document: KnowledgeDocument;
  assistants: Assistant[];
  canManage: boolean;
}) {
  const attach = useDocumentMutation((ids: string[]) => knowledgeApi.setAssistants(document.id, ids));
  if (!canManage) {
    // Agents cannot list assistants (admin-only API): they see how many may use the document.
    const count = document.assistantIds.length;
    return <Text size="sm">{count === 0 ? 'None' : `${count} assistant${count === 1 ? '' : 's'}`}</Text>;
  }
  const known = new Set(assistants.map((a) => a.id));
  // While a change is saved, show it rather than the answer it replaces.
  const value = (attach.isPending ? attach.variables : document.assistantIds).filter((id) => known.has(id));
  return (
    <Stack gap={4} miw={200}>
      <MultiSelect
        aria-label={`Assistants using ${document.name}`}
        placeholder={value.length ? undefined : 'None'}
        data={assistants.map((a) => ({ value: a.id, label: a.name }))}
        value={value}
        onChange={(ids) => attach.mutate(ids)}
        size="xs"
        clearable
        searchable
      />
      {attach.isError && (
        <Text size="xs" c="red" role="alert">
          {errorMessage(attach.error)}
        </Text>
      )}
    </Stack>
  );
}

function DeleteDocument({ document }: { document: KnowledgeDocument }) {
  const [opened, setOpened] = useState(false);
  const remove = useDocumentMutation(() => knowledgeApi.remove(document.id));
  const close = () => {
    setOpened(false);
    remove.reset();
  };
  return (
    <>
      <ActionIcon
        color="red"
        variant="subtle"
        aria-label={`Delete ${document.name}`}
        onClick={() => setOpened(true)}
      >
        <IconTrash size={16} />
      </ActionIcon>
      <Modal opened={opened} onClose={close} title={`Delete ${document.name}?`}>
        <Stack>
          <Text size="sm">
            Its {formatNumber(document.chunkCount)} passages leave the knowledge base: assistants stop using
            them at once. This cannot be undone.
          </Text>
          {remove.isError && <ErrorAlert error={remove.error} title="The document was not deleted" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    setOpened(false);
                    notifications.show({ color: 'teal', message: `${document.name} deleted` });
                  },
                })
              }
            >
              Delete document
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The tenant's documents with their ingestion state; admins attach assistants and delete. */
export function DocumentsTable({
  documents,
  assistants,
  canManage,
}: {
  documents: KnowledgeDocument[];
  assistants: Assistant[];
  canManage: boolean;
}) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped verticalSpacing="sm" aria-label="Documents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Document</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Passages</Table.Th>
            <Table.Th>Assistants</Table.Th>
            {canManage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((document) => (
            <Table.Tr key={document.id} data-testid="document-row">
              <Table.Td maw={320}>
                <Text fw={600} size="sm" style={{ wordBreak: 'break-word' }}>
                  {document.name}
                </Text>
                <Text size="xs" c="dimmed">
                  added {formatDateTime(document.createdAt)}
                  {document.indexedAt ? ` · indexed ${formatDateTime(document.indexedAt)}` : ''}
                </Text>
                {document.error && (
                  <Text size="xs" c="red" role="alert">
                    {document.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge variant="outline" color="gray">
                  {document.format}
                </Badge>
              </Table.Td>
              <Table.Td>{formatBytes(document.sizeBytes)}</Table.Td>
              <Table.Td>
                <Status document={document} />
              </Table.Td>
              <Table.Td>{formatNumber(document.chunkCount)}</Table.Td>
              <Table.Td>
                <Assistants document={document} assistants={assistants} canManage={canManage} />
              </Table.Td>
              {canManage && (
                <Table.Td>
                  <DeleteDocument document={document} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

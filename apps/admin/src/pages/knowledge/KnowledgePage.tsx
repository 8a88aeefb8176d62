import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconRefresh, IconUpload } from '@tabler/icons-react';
import { useAssistants } from '../../api/assistants';
import { errorMessage } from '../../api/client';
import { isIngesting, knowledgeApi, useDocumentMutation, useDocuments } from '../../api/knowledge';
import { useSession } from '../../auth/session';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';
import { AddDocumentModal } from './AddDocumentModal';
import { DocumentsTable } from './DocumentsTable';
import { SearchPanel } from './SearchPanel';

export function KnowledgePage() {
  const { isAdmin } = useSession();
  const documents = useDocuments();
  // Listing assistants is for owners and admins: agents would get a 403.
  const assistants = useAssistants(isAdmin);
  const [opened, { open, close }] = useDisclosure(false);
  const reindex = useDocumentMutation(knowledgeApi.reindex);
  const items = documents.data?.items ?? [];
  const assistantItems = assistants.data?.items ?? [];
  const ingesting = items.filter(isIngesting).length;

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageHeader title="Knowledge">
          Documents your assistants answer from: files, pasted text and FAQ pairs, split into passages and
          indexed for search.
        </PageHeader>
        {isAdmin && (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              loading={reindex.isPending}
              disabled={items.length === 0}
              title="Index every document again, e.g. after changing the embedding model"
              onClick={() =>
                reindex.mutate(undefined, {
                  onSuccess: ({ queued }) =>
                    notifications.show({
                      color: 'teal',
                      message: `${queued} documents queued for re-indexing`,
                    }),
                  onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
                })
              }
            >
              Re-index all
            </Button>
            <Button leftSection={<IconUpload size={16} />} onClick={open}>
              Add document
            </Button>
          </Group>
        )}
      </Group>
      {isAdmin && <AddDocumentModal opened={opened} onClose={close} assistants={assistantItems} />}
      {!isAdmin && (
        <Alert color="gray" mb="md">
          Only owners and admins can add, attach or delete documents; you can read and search them.
        </Alert>
      )}
      <Stack>
        {documents.isPending && <Loading />}
        {documents.isError && <ErrorAlert error={documents.error} />}
        {documents.isSuccess && items.length === 0 && (
          <EmptyState title="No document yet">
            Upload a price list, a menu or your FAQ: assistants quote the passages that match a question.
            {isAdmin && (
              <>
                <br />
                <Button mt="sm" onClick={open}>
                  Add your first document
                </Button>
              </>
            )}
          </EmptyState>
        )}
        {items.length > 0 && (
          <>
            {ingesting > 0 && (
              <Text size="sm" c="dimmed" aria-live="polite">
                Indexing {ingesting} document{ingesting === 1 ? '' : 's'}…
              </Text>
            )}
            <DocumentsTable documents={items} assistants={assistantItems} canManage={isAdmin} />
            {documents.data?.nextCursor && (
              <Text size="xs" c="dimmed">
                Showing the newest 100 documents.
              </Text>
            )}
          </>
        )}
        <SearchPanel assistants={assistantItems} canPickAssistant={isAdmin} />
      </Stack>
    </>
  );
}

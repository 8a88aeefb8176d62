import { Anchor, Badge, Button, Group, Modal, Stack, Table, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { assistantsApi, useAssistantMutation, useAssistants } from '../../api/assistants';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';

const STARTER_INSTRUCTIONS =
  'You are the assistant of our business. Answer customers briefly and politely. If you do not know, say so and offer to connect them with a person.';

function CreateAssistantModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', instructions: STARTER_INSTRUCTIONS },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the assistant a name'),
      instructions: (v) => (v.trim() ? null : 'Instructions are required'),
    },
  });
  const create = useAssistantMutation(assistantsApi.create);
  return (
    <Modal opened={opened} onClose={onClose} title="New assistant" size="lg">
      <form
        onSubmit={form.onSubmit((values) =>
          create.mutate(values, {
            onSuccess: (assistant) => {
              onClose();
              form.reset();
              void navigate(`/assistants/${assistant.id}`);
            },
          }),
        )}
        noValidate
      >
        <Stack>
          {create.isError && <ErrorAlert error={create.error} title="Could not create the assistant" />}
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea
            label="Instructions"
            description="Who the assistant is and what it does. It is published at once as version 1."
            autosize
            minRows={4}
            required
            {...form.getInputProps('instructions')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create assistant
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function AssistantsPage() {
  const assistants = useAssistants();
  const [opened, { open, close }] = useDisclosure(false);
  const items = assistants.data?.items ?? [];

  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageHeader title="Assistants">
          Instructions, replies and tools of the assistants your channels serve.
        </PageHeader>
        <Button leftSection={<IconPlus size={16} />} onClick={open}>
          New assistant
        </Button>
      </Group>
      <CreateAssistantModal opened={opened} onClose={close} />
      {assistants.isPending && <Loading />}
      {assistants.isError && <ErrorAlert error={assistants.error} />}
      {assistants.isSuccess && items.length === 0 && (
        <EmptyState title="No assistant yet">
          Create one, then connect a channel to it. <br />
          <Button mt="sm" onClick={open}>
            Create your first assistant
          </Button>
        </EmptyState>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Published</Table.Th>
                <Table.Th>Draft</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/assistants/${a.id}`}>
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.publishedVersion ? `v${a.publishedVersion}` : '—'}</Table.Td>
                  <Table.Td>
                    {a.hasDraftChanges ? (
                      <Badge color="orange">Unpublished changes</Badge>
                    ) : (
                      <Badge color="gray">Up to date</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(a.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

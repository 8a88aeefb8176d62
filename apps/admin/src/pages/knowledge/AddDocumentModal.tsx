import {
  ActionIcon,
  Button,
  FileInput,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import {
  MAX_DOCUMENT_MIB,
  UPLOAD_ACCEPT,
  knowledgeApi,
  useDocumentMutation,
  type FaqPair,
  type KnowledgeDocument,
} from '../../api/knowledge';
import type { Assistant } from '../../api/types';
import { ErrorAlert } from '../../components/states';

type Source = 'file' | 'text' | 'faq';

type NewDocument =
  | { source: 'file'; file: File; assistantIds: string[] }
  | { source: 'text'; name: string; text: string; assistantIds: string[] }
  | { source: 'faq'; name: string; faq: FaqPair[]; assistantIds: string[] };

function createDocument(input: NewDocument): Promise<KnowledgeDocument> {
  const assistants = input.assistantIds.length > 0 ? { assistantIds: input.assistantIds } : {};
  switch (input.source) {
    case 'file':
      return knowledgeApi.upload(input.file, input.assistantIds);
    case 'text':
      return knowledgeApi.createText({ name: input.name, text: input.text, ...assistants });
    case 'faq':
      return knowledgeApi.createFaq({ name: input.name, faq: input.faq, ...assistants });
  }
}

const EMPTY_PAIR: FaqPair = { question: '', answer: '' };

/** Add a document: upload a file, paste text (read as Markdown) or type FAQ pairs. */
export function AddDocumentModal({
  opened,
  onClose,
  assistants,
}: {
  opened: boolean;
  onClose: () => void;
  assistants: Assistant[];
}) {
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [pairs, setPairs] = useState<FaqPair[]>([EMPTY_PAIR]);
  const [assistantIds, setAssistantIds] = useState<string[]>([]);
  const create = useDocumentMutation(createDocument);

  const close = () => {
    onClose();
    create.reset();
    setFile(null);
    setName('');
    setText('');
    setPairs([EMPTY_PAIR]);
    setAssistantIds([]);
  };
  const faq = pairs
    .map((p) => ({ question: p.question.trim(), answer: p.answer.trim() }))
    .filter((p) => p.question && p.answer);
  const input: NewDocument | null =
    source === 'file'
      ? file && { source, file, assistantIds }
      : source === 'text'
        ? name.trim() && text.trim()
          ? { source, name: name.trim(), text, assistantIds }
          : null
        : name.trim() && faq.length > 0
          ? { source, name: name.trim(), faq, assistantIds }
          : null;
  const setPair = (index: number, change: Partial<FaqPair>) =>
    setPairs((current) => current.map((p, i) => (i === index ? { ...p, ...change } : p)));

  return (
    <Modal opened={opened} onClose={close} title="Add to the knowledge base" size="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!input) return;
          create.mutate(input, {
            onSuccess: (document) => {
              notifications.show({ color: 'teal', message: `${document.name} added: indexing started` });
              close();
            },
          });
        }}
      >
        <Stack>
          <Tabs
            value={source}
            onChange={(value) => {
              setSource((value as Source | null) ?? 'file');
              create.reset();
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="file">Upload a file</Tabs.Tab>
              <Tabs.Tab value="text">Paste text</Tabs.Tab>
              <Tabs.Tab value="faq">FAQ pairs</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="file">
              <FileInput
                label="File"
                description={`.txt .md .html .pdf .docx or .csv, up to ${MAX_DOCUMENT_MIB} MiB`}
                placeholder="Choose a file"
                accept={UPLOAD_ACCEPT}
                leftSection={<IconUpload size={16} />}
                value={file}
                onChange={setFile}
                clearable
              />
            </Tabs.Panel>
            <Tabs.Panel value="text">
              <Stack>
                <TextInput
                  label="Name"
                  placeholder="Opening hours"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
                <Textarea
                  label="Text"
                  description="Read as Markdown: headings and tables are understood."
                  autosize
                  minRows={6}
                  maxRows={16}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="faq">
              <Stack>
                <TextInput
                  label="Name"
                  placeholder="Frequent questions"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
                {pairs.map((pair, index) => (
                  <Group key={index} align="flex-start" wrap="nowrap">
                    <Stack gap="xs" style={{ flex: 1 }}>
                      <TextInput
                        label={`Question ${index + 1}`}
                        value={pair.question}
                        onChange={(e) => setPair(index, { question: e.currentTarget.value })}
                      />
                      <Textarea
                        label={`Answer ${index + 1}`}
                        autosize
                        minRows={2}
                        value={pair.answer}
                        onChange={(e) => setPair(index, { answer: e.currentTarget.value })}
                      />
                    </Stack>
                    <ActionIcon
                      mt={28}
                      color="red"
                      variant="subtle"
                      aria-label={`Remove question ${index + 1}`}
                      disabled={pairs.length === 1}
                      onClick={() => setPairs((current) => current.filter((_, i) => i !== index))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setPairs((current) => [...current, EMPTY_PAIR])}
                  >
                    Add a question
                  </Button>
                </Group>
              </Stack>
            </Tabs.Panel>
          </Tabs>
          <MultiSelect
            label="Assistants that may use it"
            placeholder={assistants.length ? 'None yet: attach it later' : 'No assistant in this workspace'}
            data={assistants.map((a) => ({ value: a.id, label: a.name }))}
            value={assistantIds}
            onChange={setAssistantIds}
            clearable
            searchable
          />
          {create.isError && <ErrorAlert error={create.error} title="The document was not added" />}
          <Text size="xs" c="dimmed">
            Ingestion runs in the background: the list shows its progress.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={!input} loading={create.isPending}>
              {source === 'file' ? 'Upload' : 'Add document'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

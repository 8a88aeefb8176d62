import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useKnowledgeSearch, type Passage } from '../../api/knowledge';
import type { Assistant } from '../../api/types';
import { ErrorAlert } from '../../components/states';

const TOP_K = ['3', '5', '10', '20'];

function score(value: number | null, digits = 3): string {
  return value === null ? '—' : value.toFixed(digits);
}

function PassageCard({ passage }: { passage: Passage }) {
  return (
    <Card withBorder padding="sm" data-testid="passage">
      <Group justify="space-between" wrap="wrap" mb={4}>
        <Text fw={600} size="sm">
          {passage.documentName} · passage {passage.position + 1}
          {passage.heading ? ` · ${passage.heading}` : ''}
        </Text>
        <Group gap={6}>
          <Badge variant="light" title="Reciprocal rank fusion of both rankings">
            score {score(passage.score, 4)}
          </Badge>
          <Badge variant="outline" color="grape" title="Cosine similarity">
            vector {score(passage.vectorScore)}
          </Badge>
          <Badge variant="outline" color="orange" title="Full-text rank">
            text {score(passage.textScore)}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {passage.content}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        ~{passage.tokenCount} tokens
      </Text>
    </Card>
  );
}

/** Try retrieval as an assistant would: the passages found, with their scores. */
export function SearchPanel({
  assistants,
  canPickAssistant,
}: {
  assistants: Assistant[];
  canPickAssistant: boolean;
}) {
  const [query, setQuery] = useState('');
  const [assistantId, setAssistantId] = useState<string | null>(null);
  const [k, setK] = useState('5');
  const search = useKnowledgeSearch();
  const result = search.data;

  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        Test a search
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!query.trim()) return;
          search.mutate({ query: query.trim(), k: Number(k), ...(assistantId ? { assistantId } : {}) });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Search query"
            placeholder="What a customer might ask"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 240 }}
          />
          {canPickAssistant && (
            <Select
              label="As assistant"
              placeholder="All documents"
              data={assistants.map((a) => ({ value: a.id, label: a.name }))}
              value={assistantId}
              onChange={setAssistantId}
              clearable
              w={220}
            />
          )}
          <Select
            label="Passages"
            data={TOP_K}
            value={k}
            onChange={(value) => setK(value ?? '5')}
            allowDeselect={false}
            w={100}
          />
          <Button
            type="submit"
            leftSection={<IconSearch size={16} />}
            disabled={!query.trim()}
            loading={search.isPending}
          >
            Search
          </Button>
        </Group>
      </form>
      <Stack mt="md" gap="sm" aria-live="polite">
        {search.isError && <ErrorAlert error={search.error} title="The search failed" />}
        {result?.mode === 'text' && (
          <Alert color="yellow">
            Full-text only: no embedding model is loaded, so passages are not ranked by meaning.
          </Alert>
        )}
        {result && result.passages.length === 0 && (
          <Text c="dimmed" size="sm">
            No passage matched. Check that the documents are ready
            {assistantId ? ' and attached to this assistant' : ''}.
          </Text>
        )}
        {result?.passages.map((passage) => (
          <PassageCard key={passage.chunkId} passage={passage} />
        ))}
      </Stack>
    </Paper>
  );
}

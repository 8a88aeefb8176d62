import { Alert, Badge, Code, Paper, Table, Text, Title } from '@mantine/core';
import { useReadiness } from '../../api/health';
import type { ModelHealth } from '../../api/types';
import { formatBytes, formatNumber } from '../../components/format';
import { ErrorAlert, Loading, PageHeader } from '../../components/states';
import { MODEL_PULL_COMMAND } from '../../layout/Banners';

const STATE_COLOR: Record<string, string> = { ready: 'teal', loading: 'yellow', failed: 'red', none: 'gray' };

function fileName(path: string | null | undefined): string {
  return path ? (path.split('/').pop() ?? path) : '—';
}

function ModelTable({ model }: { model: ModelHealth }) {
  const info = model.info;
  const rows: Array<[string, string]> = [
    ['File', fileName(model.path)],
    ['Path', model.path ?? '—'],
    ['Name', info?.name ?? '—'],
    ['Architecture', info?.architecture ?? '—'],
    ['Parameters', info?.parameterCount ? formatNumber(info.parameterCount) : '—'],
    ['Quantization', info?.quantization ?? '—'],
    ['Size', formatBytes(info?.fileSizeBytes)],
    ['Context', info?.contextSize ? `${formatNumber(info.contextSize)} tokens` : '—'],
    ['Trained context', info?.trainContextLength ? `${formatNumber(info.trainContextLength)} tokens` : '—'],
    ['Workers reporting', model.workers !== undefined ? String(model.workers) : '—'],
  ];
  const known = rows.filter(([, value]) => value !== '—');
  return (
    <>
      {!info && (
        <Text size="sm" c="dimmed" mb="xs">
          This server does not report the model’s size and context yet (GET /health/ready →
          details.model.info).
        </Text>
      )}
      <Table>
        <Table.Tbody>
          {known.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={180}>{label}</Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

/** Which model the workers loaded (GET /health/ready → details.model). */
export function ModelPage() {
  const ready = useReadiness();
  const model = ready.data?.details?.model;
  return (
    <>
      <PageHeader title="Model status">The local model the workers answer with.</PageHeader>
      {ready.isPending && <Loading />}
      {ready.isError && <ErrorAlert error={ready.error} />}
      {ready.isSuccess && !model && (
        <Alert color="red" title="No model information">
          The server did not report a model. Is a worker running? Start one with{' '}
          <Code>npm run start:worker</Code>.
        </Alert>
      )}
      {model && (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Model{' '}
            <Badge color={STATE_COLOR[model.state ?? 'none'] ?? 'gray'} data-testid="model-state">
              {model.state ?? model.status}
            </Badge>{' '}
            {model.demo && <Badge color="yellow">demo model</Badge>}
          </Title>
          {model.message && (
            <Text c={model.status === 'down' ? 'red' : 'dimmed'} size="sm" mb="sm">
              {model.message}
            </Text>
          )}
          <ModelTable model={model} />
          {model.demo && (
            <Alert color="yellow" mt="md" title="Install a real model">
              The demo model only exercises the machinery; its replies are not meaningful. On the server, run:
              <Code block mt="xs">
                {MODEL_PULL_COMMAND}
              </Code>
              then restart the workers.
            </Alert>
          )}
        </Paper>
      )}
    </>
  );
}

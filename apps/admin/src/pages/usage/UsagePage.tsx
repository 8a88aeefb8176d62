import { BarChart } from '@mantine/charts';
import { Group, Paper, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useUsage } from '../../api/accounts';
import { useChannels } from '../../api/channels';
import { formatNumber } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';
import { channelName, lastDays, messagesByChannel } from '../dashboard/usage-series';

export function UsagePage() {
  const [range, setRange] = useState(() => lastDays(30));
  const usage = useUsage(range.from, range.to, range.from <= range.to);
  const channels = useChannels();
  const channelList = channels.data?.items ?? [];
  return (
    <>
      <PageHeader title="Usage">
        Messages, tokens and inference time per day and channel (UTC days).
      </PageHeader>
      <Group>
        <TextInput
          label="From"
          type="date"
          value={range.from}
          onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          value={range.to}
          onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
        />
      </Group>
      {usage.isPending && <Loading />}
      {usage.isError && <ErrorAlert error={usage.error} />}
      {usage.isSuccess && usage.data.items.length === 0 && <EmptyState title="No usage in this period" />}
      {usage.isSuccess && usage.data.items.length > 0 && (
        <>
          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              Messages per day
            </Title>
            {(() => {
              const s = messagesByChannel(usage.data.items, channelList, range.from, range.to);
              return (
                <BarChart h={260} data={s.data} dataKey="day" series={s.series} type="stacked" withLegend />
              );
            })()}
          </Paper>
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Day</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th ta="right">In</Table.Th>
                  <Table.Th ta="right">Out</Table.Th>
                  <Table.Th ta="right">Tokens in</Table.Th>
                  <Table.Th ta="right">Tokens out</Table.Th>
                  <Table.Th ta="right">Inference</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.data.items.map((d) => (
                  <Table.Tr key={`${d.day}-${d.channelId ?? 'none'}`}>
                    <Table.Td>{d.day}</Table.Td>
                    <Table.Td>{channelName(d.channelId, channelList)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.messagesIn)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.messagesOut)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.tokensIn)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(d.tokensOut)}</Table.Td>
                    <Table.Td ta="right">{(d.inferenceMs / 1000).toFixed(1)} s</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr fw={700}>
                  <Table.Td colSpan={2}>Total</Table.Td>
                  <Table.Td ta="right">{formatNumber(usage.data.totals.messagesIn)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(usage.data.totals.messagesOut)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(usage.data.totals.tokensIn)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(usage.data.totals.tokensOut)}</Table.Td>
                  <Table.Td ta="right">{(usage.data.totals.inferenceMs / 1000).toFixed(1)} s</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </>
  );
}

import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useUsage } from '../../api/accounts';
import { useChannels } from '../../api/channels';
import { useHumanConversations } from '../../api/inbox';
import type { ChannelStatus } from '../../api/types';
import { useSession } from '../../auth/session';
import { channelLabel, formatNumber } from '../../components/format';
import { EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/states';
import { useReplyTimes } from './reply-times';
import { lastDays, messagesByChannel, tokensPerDay } from './usage-series';

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const seconds = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;

function ReplyTimeStats() {
  const times = useReplyTimes();
  const hint = times.data
    ? `${times.data.replies} assistant replies in the ${times.data.conversations} latest conversations`
    : undefined;
  return (
    <>
      <Stat
        label="Median reply time"
        value={times.isPending ? '…' : seconds(times.data?.median)}
        hint={hint}
      />
      <Stat label="p95 reply time" value={times.isPending ? '…' : seconds(times.data?.p95)} hint={hint} />
    </>
  );
}

function OpenHumanStat() {
  const human = useHumanConversations();
  const count = human.data ? `${human.data.items.length}${human.data.nextCursor ? '+' : ''}` : '…';
  return (
    <Stat
      label="Waiting for a person"
      value={count}
      hint="Open conversations in human mode"
      testId="open-human"
    />
  );
}

const HEALTH_COLOR: Record<ChannelStatus, string> = { active: 'teal', needs_reauth: 'red', disabled: 'gray' };

function ChannelHealth() {
  const channels = useChannels();
  if (channels.isPending) return <Loading />;
  if (channels.isError) return <ErrorAlert error={channels.error} />;
  if (channels.data.items.length === 0)
    return (
      <EmptyState title="No channel yet">
        <Anchor component={Link} to="/channels">
          Connect WhatsApp, Messenger or Instagram
        </Anchor>
      </EmptyState>
    );
  return (
    <Stack gap="xs">
      {channels.data.items.map((c) => (
        <Group key={c.id} justify="space-between" wrap="nowrap">
          <Text size="sm" truncate>
            {channelLabel(c.type)} · {c.name ?? c.externalId}
          </Text>
          <Badge color={HEALTH_COLOR[c.status]} variant={c.status === 'needs_reauth' ? 'filled' : 'light'}>
            {c.status === 'needs_reauth' ? 'needs new token' : c.status}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

function UsageCharts() {
  const range = lastDays(14);
  const usage = useUsage(range.from, range.to);
  const channels = useChannels();
  if (usage.isPending) return <Loading />;
  if (usage.isError) return <ErrorAlert error={usage.error} />;
  const byChannel = messagesByChannel(usage.data.items, channels.data?.items ?? [], range.from, range.to);
  const tokens = tokensPerDay(usage.data.items, range.from, range.to);
  const { totals } = usage.data;
  const avg = totals.messagesOut ? totals.inferenceMs / totals.messagesOut : null;
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Messages in (14 d)" value={formatNumber(totals.messagesIn)} />
        <Stat label="Messages out (14 d)" value={formatNumber(totals.messagesOut)} />
        <Stat label="Tokens (14 d)" value={formatNumber(totals.tokensIn + totals.tokensOut)} />
        <Stat
          label="Avg inference / reply"
          value={seconds(avg)}
          hint="inference time ÷ messages out (/api/usage)"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Messages per day by channel
          </Title>
          {byChannel.series.length === 0 ? (
            <EmptyState title="No message in the last 14 days" />
          ) : (
            <BarChart
              h={240}
              data={byChannel.data}
              dataKey="day"
              series={byChannel.series}
              type="stacked"
              withLegend
            />
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Tokens per day
          </Title>
          <AreaChart
            h={240}
            data={tokens}
            dataKey="day"
            series={[
              { name: 'Tokens in', color: 'blue.6' },
              { name: 'Tokens out', color: 'teal.6' },
            ]}
            withLegend
          />
        </Paper>
      </SimpleGrid>
    </>
  );
}

export function DashboardPage() {
  const { isAdmin, me } = useSession();
  return (
    <>
      <PageHeader title="Dashboard">{me?.tenant.name}: the last 14 days.</PageHeader>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <OpenHumanStat />
        <ReplyTimeStats />
      </SimpleGrid>
      {isAdmin && (
        <>
          <UsageCharts />
          <Paper withBorder p="md">
            <Title order={4} mb="sm">
              Channel health
            </Title>
            <ChannelHealth />
          </Paper>
        </>
      )}
    </>
  );
}

import type { Channel, UsageDay } from '../../api/types';
import { channelLabel } from '../../components/format';

export interface DaySeries {
  data: Array<Record<string, string | number>>;
  series: Array<{ name: string; color: string }>;
}

const COLORS = ['teal.6', 'blue.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6', 'indigo.6'];

export function channelName(channelId: string | null, channels: Channel[]): string {
  if (channelId === null) return 'No channel';
  const channel = channels.find((c) => c.id === channelId);
  return channel ? `${channelLabel(channel.type)} ${channel.name ?? channel.externalId}` : 'Removed channel';
}

/** Every day of [from, to], so quiet days show as zero rather than disappear. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  )
    days.push(d.toISOString().slice(0, 10));
  return days;
}

/** Messages (in + out) per day, one series per channel. */
export function messagesByChannel(
  items: UsageDay[],
  channels: Channel[],
  from: string,
  to: string,
): DaySeries {
  const names = [...new Set(items.map((i) => channelName(i.channelId, channels)))];
  const rows = new Map<string, Record<string, string | number>>();
  for (const day of daysBetween(from, to)) {
    const row: Record<string, string | number> = { day: day.slice(5) };
    for (const name of names) row[name] = 0;
    rows.set(day, row);
  }
  for (const item of items) {
    const row = rows.get(item.day);
    if (!row) continue;
    const name = channelName(item.channelId, channels);
    row[name] = Number(row[name] ?? 0) + item.messagesIn + item.messagesOut;
  }
  return {
    data: [...rows.values()],
    series: names.map((name, i) => ({ name, color: COLORS[i % COLORS.length] })),
  };
}

/** Tokens in and out per day, all channels together. */
export function tokensPerDay(
  items: UsageDay[],
  from: string,
  to: string,
): Array<Record<string, string | number>> {
  const rows = new Map<string, { day: string; 'Tokens in': number; 'Tokens out': number }>();
  for (const day of daysBetween(from, to))
    rows.set(day, { day: day.slice(5), 'Tokens in': 0, 'Tokens out': 0 });
  for (const item of items) {
    const row = rows.get(item.day);
    if (!row) continue;
    row['Tokens in'] += item.tokensIn;
    row['Tokens out'] += item.tokensOut;
  }
  return [...rows.values()];
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function lastDays(count: number): { from: string; to: string } {
  const to = new Date();
  const from = new Date(to.getTime() - (count - 1) * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

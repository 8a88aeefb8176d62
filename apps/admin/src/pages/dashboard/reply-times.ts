import { useQuery } from '@tanstack/react-query';
import { inboxApi } from '../../api/inbox';

export interface ReplyTimes {
  median: number | null;
  p95: number | null;
  replies: number;
  conversations: number;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/**
 * The API has no reply-time figure yet, so this samples it: the assistant replies' `latencyMs` in the 20
 * most recently active conversations (their latest 100 messages each).
 */
async function sampleReplyTimes(): Promise<ReplyTimes> {
  const page = await inboxApi.list({});
  const recent = page.items.slice(0, 20);
  const threads = await Promise.all(recent.map((c) => inboxApi.messages(c.id)));
  const latencies = threads
    .flatMap((t) => t.items)
    .filter((m) => m.role === 'assistant' && m.latencyMs !== null)
    .map((m) => m.latencyMs as number)
    .sort((a, b) => a - b);
  return {
    median: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    replies: latencies.length,
    conversations: recent.length,
  };
}

export function useReplyTimes() {
  return useQuery({
    queryKey: ['conversations', 'reply-times'],
    queryFn: sampleReplyTimes,
    staleTime: 60_000,
  });
}

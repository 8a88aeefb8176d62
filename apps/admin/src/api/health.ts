import { useQuery } from '@tanstack/react-query';
import type { ReadyReport } from './types';

/**
 * GET /health/ready: 200 when ready, 503 with the same report when something is down (the model still
 * loading, no worker). Both are a report to show, not an error.
 */
async function readiness(): Promise<ReadyReport> {
  const response = await fetch('/health/ready', { headers: { accept: 'application/json' } });
  try {
    return (await response.json()) as ReadyReport;
  } catch {
    return { status: 'error' };
  }
}

export function useReadiness() {
  return useQuery({ queryKey: ['health', 'ready'], queryFn: readiness, refetchInterval: 30_000 });
}

/**
 * npm run bench:engine — pipeline overhead (zero-latency model) and the soak run (real pipeline, tiny model,
 * worker killed every few seconds, Redis flushed once). `-- --messages 10000` for the full soak.
 * Ends with: engine: overhead_p50_ms=N overhead_p99_ms=N messages=N lost=N doubled=N drain_s=N
 */
import { measureOverhead } from './overhead';
import { soak } from '../../test/soak/soak';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const overhead = await measureOverhead();
  console.log(
    `overhead (webhook in → Graph API call, ${overhead.samples} messages, zero-latency model): p50 ${overhead.p50.toFixed(1)} ms, p99 ${overhead.p99.toFixed(1)} ms`,
  );
  const result = await soak({ messages: option('--messages', 2000), conversations: 200, tenants: 5 });
  console.log(
    `engine: overhead_p50_ms=${overhead.p50.toFixed(1)} overhead_p99_ms=${overhead.p99.toFixed(1)} messages=${result.messages} lost=${result.lost} doubled=${result.doubled} drain_s=${result.drainSeconds.toFixed(1)}`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

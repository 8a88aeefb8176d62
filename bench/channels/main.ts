/**
 * Webhook ingestion throughput: signed WhatsApp text webhooks over loopback against
 *   (a) the real api process (signature check, parse, durable Postgres write, BullMQ enqueue), and
 *   (b) a bare node:http process that only checks the HMAC and answers 200,
 * measured side by side in one run (each server in its own process, the load generator in this one),
 * plus (a)'s latency at a fixed 500 req/s.
 * Ends with: channels: endpoint_rps=N bare_rps=N ratio=R p50_ms=N p99_ms=N
 * Knobs: BENCH_DURATION_S (10), BENCH_CONNECTIONS (32, both servers), BENCH_PROFILE=1 (CPU profile of (a) in /tmp/prof).
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { newWamid, ownerQuery, whatsappTextPayload } from '@cria/testing';
import { seedChannel } from '../../test/support/fixtures';
import { createTestEnv } from '../../test/support/test-env';

const SECRET = 'bench-app-secret';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), {
      execArgv: [
        '--require',
        path.resolve(__dirname, '../../scripts/register.js'),
        ...(process.env.BENCH_PROFILE && script === 'server.ts'
          ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']
          : []),
      ],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function load(
  url: string,
  phoneNumberId: string,
  options: { overallRate?: number; amount?: number } = {},
): Promise<Result> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(options.amount ? { amount: options.amount } : { duration: DURATION_S }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        // every request a new message (a new wamid), signed like Meta signs it
        setupRequest: (req: Record<string, unknown>) => {
          const delivery = whatsappTextPayload({
            phoneNumberId,
            from: '33600000000',
            text: 'Bonjour, vous êtes ouverts ?',
            wamid: newWamid(),
          });
          return {
            ...req,
            method: 'POST',
            path: '/webhooks/whatsapp',
            headers: delivery.headers(SECRET),
            body: delivery.body.toString('utf8'),
          };
        },
      },
    ],
  });
  if (result.non2xx || result.errors)
    throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return result;
}

async function main(): Promise<void> {
  const env = await createTestEnv();
  const channel = await seedChannel(env);
  const port = 30_000 + Math.floor(Math.random() * 10_000);
  const serverEnv = {
    ...env.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    META_APP_SECRET: SECRET,
    ENCRYPTION_KEY: env.env.ENCRYPTION_KEY ?? `bench:${crypto.randomBytes(32).toString('base64')}`,
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
  };
  const api = await start('server.ts', { ...serverEnv, PORT: String(port) });
  const bare = await start('bare-server.ts', { META_APP_SECRET: SECRET, PORT: String(port + 1) });
  try {
    const apiUrl = `http://127.0.0.1:${port}`;
    await load(apiUrl, channel.externalId, { amount: 1_000 }); // warm-up: JIT, pools
    await load(`http://127.0.0.1:${port + 1}`, channel.externalId, { amount: 1_000 });
    const endpoint = await load(apiUrl, channel.externalId);
    const bareResult = await load(`http://127.0.0.1:${port + 1}`, channel.externalId);
    const paced = await load(apiUrl, channel.externalId, { overallRate: 500 });
    const [{ n }] = await ownerQuery<{ n: number }>(
      env.db.url,
      `SELECT count(*)::int AS n FROM inbound_events`,
    );
    const ratio = endpoint.requests.average / bareResult.requests.average;
    console.log(
      `endpoint (32 connections, ${DURATION_S} s): ${endpoint.requests.average.toFixed(0)} req/s, p50 ${endpoint.latency.p50} ms, p99 ${endpoint.latency.p99} ms`,
    );
    console.log(
      `bare HMAC handler: ${bareResult.requests.average.toFixed(0)} req/s, p50 ${bareResult.latency.p50} ms`,
    );
    console.log(
      `endpoint at a steady 500 req/s: p50 ${paced.latency.p50} ms, p99 ${paced.latency.p99} ms (${paced.requests.average.toFixed(0)} req/s achieved)`,
    );
    console.log(`events stored in Postgres: ${n}`);
    console.log(
      `channels: endpoint_rps=${endpoint.requests.average.toFixed(0)} bare_rps=${bareResult.requests.average.toFixed(0)} ratio=${ratio.toFixed(2)} p50_ms=${paced.latency.p50} p99_ms=${paced.latency.p99}`,
    );
  } finally {
    api.kill('SIGINT');
    bare.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

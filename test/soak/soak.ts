/**
 * Soak: customer messages across many conversations and tenants through the real pipeline (api in this
 * process, one worker process with the generated tiny model), the worker SIGKILLed and restarted every
 * few seconds and Redis emptied once. Counts replies lost and doubled, and how long the backlog took to
 * drain once sending stopped. Not part of `npm test` (it runs for minutes); `npm run bench:engine` runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { FakeGraphApi, ownerQuery, whatsappTextPayload } from '@cria/testing';
import { seedChannel, type SeededChannel } from '../support/fixtures';
import { clearRedisPrefix } from '../support/test-env';
import { startTestApp } from '../support/test-app';

export interface SoakOptions {
  messages: number;
  conversations: number;
  tenants: number;
  /** Messages sent per second. */
  rate?: number;
  killEveryMs?: number;
}

export interface SoakResult {
  messages: number;
  lost: number;
  doubled: number;
  drainSeconds: number;
  kills: number;
}

const SECRET = 'soak-secret';

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const rate = options.rate ?? 40;
  const killEveryMs = options.killEveryMs ?? 4_000;
  const graph = await FakeGraphApi.start();
  const app = await startTestApp({
    worker: false,
    env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url, LOG_LEVEL: 'warn' },
  });
  const channels: SeededChannel[] = [];
  for (let t = 0; t < options.tenants; t += 1) {
    channels.push(
      await seedChannel(app, {
        assistant: { model: { temperature: 0, topP: 1, maxTokens: 6, historyTokens: 200, stop: [] } },
      }),
    );
  }
  let worker: ChildProcess | undefined;
  const startWorker = () => {
    worker = spawn(process.execPath, ['--require', './scripts/register.js', 'apps/worker/src/main.ts'], {
      env: {
        ...process.env,
        ...app.env,
        META_APP_SECRET: SECRET,
        META_GRAPH_URL: graph.url,
        BURST_WINDOW_MS: process.env.SOAK_BURST_WINDOW_MS ?? '500',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
  };
  let kills = 0;
  startWorker();
  const killer = setInterval(() => {
    worker?.kill('SIGKILL');
    kills += 1;
    startWorker();
  }, killEveryMs);

  try {
    const started = Date.now();
    let flushed = false;
    for (let i = 0; i < options.messages; i += 1) {
      const conversation = i % options.conversations;
      const channel = channels[conversation % channels.length];
      const delivery = whatsappTextPayload({
        phoneNumberId: channel.externalId,
        from: String(33_650_000_000 + conversation),
        text: `message ${i}`,
      });
      const response = await fetch(`${app.url}/webhooks/whatsapp`, {
        method: 'POST',
        body: delivery.body,
        headers: delivery.headers(SECRET),
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      if (!flushed && i >= options.messages / 2) {
        await clearRedisPrefix(app.env.REDIS_URL, app.redisPrefix);
        flushed = true;
      }
      const due = started + ((i + 1) * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    clearInterval(killer);
    const sendingDone = Date.now();
    // Drained: every customer message covered by a turn, and nothing left to send.
    for (;;) {
      const [state] = await ownerQuery<{ uncovered: number; unsent: number; events: number }>(
        app.db.url,
        `SELECT (SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id
                  WHERE m.direction = 'inbound' AND m.seq > c.last_answered_seq) AS uncovered,
                (SELECT count(*)::int FROM messages WHERE direction = 'outbound' AND status IN ('pending', 'sending')) AS unsent,
                (SELECT count(*)::int FROM inbound_events WHERE status IN ('pending', 'processing')) AS events`,
      );
      if (process.env.SOAK_VERBOSE) {
        console.log(`drain +${Math.round((Date.now() - sendingDone) / 1000)} s: ${JSON.stringify(state)}`);
        if (state.events > 0 && state.events < 50)
          console.log(
            await ownerQuery(
              app.db.url,
              `SELECT status, kind, attempts, last_error, received_at, processed_at FROM inbound_events WHERE status IN ('pending', 'processing') LIMIT 3`,
            ),
          );
      }
      if (state.uncovered === 0 && state.unsent === 0 && state.events === 0) break;
      if (Date.now() - sendingDone > 15 * 60_000) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const drainSeconds = (Date.now() - sendingDone) / 1000;
    const [counts] = await ownerQuery<{ inbound: number; uncovered: number; unsent: number; sent: number }>(
      app.db.url,
      `SELECT (SELECT count(*)::int FROM messages WHERE direction = 'inbound') AS inbound,
              (SELECT count(*)::int FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.direction = 'inbound' AND m.seq > c.last_answered_seq) AS uncovered,
              (SELECT count(*)::int FROM messages WHERE direction = 'outbound' AND status IN ('pending', 'sending')) AS unsent,
              (SELECT count(*)::int FROM messages WHERE direction = 'outbound' AND status IN ('sent', 'delivered', 'read')) AS sent`,
    );
    const requests = graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).length;
    return {
      messages: options.messages,
      // customer messages never stored, stored but never answered, and replies never sent
      lost: options.messages - counts.inbound + counts.uncovered + counts.unsent,
      // Graph sends beyond one per reply row (a reply sent twice)
      doubled: Math.max(0, requests - counts.sent),
      drainSeconds,
      kills,
    };
  } finally {
    clearInterval(killer);
    worker?.kill('SIGKILL');
    await app.close();
    await graph.close();
  }
}

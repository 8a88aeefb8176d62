import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type AppConfig } from '@cria/core';

/**
 * Runs Cria (api + worker in one process), waits until /health/ready answers, then prints the admin URL,
 * the demo login, the webhook URLs and the model in use (the worker generates the demo model when no
 * MODEL_PATH is set). Signals are passed on, so Ctrl-C and SIGTERM shut Cria down gracefully.
 */
const READY_TIMEOUT_MS = 180_000;

interface ModelDetails {
  state?: string;
  path?: string;
  demo?: boolean;
  message?: string;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'apps', 'api', 'src', 'standalone.js')], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const started = Date.now();
  const local = `http://127.0.0.1:${config.port}`;
  let model: ModelDetails | undefined;
  while (Date.now() - started < READY_TIMEOUT_MS && child.exitCode === null) {
    try {
      const response = await fetch(`${local}/health/ready`);
      const body = (await response.json()) as { details?: { model?: ModelDetails } };
      model = body.details?.model;
      if (response.ok) {
        printBanner(config, model, (Date.now() - started) / 1000);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.error(
    `Cria did not become ready within ${READY_TIMEOUT_MS / 1000} s${model?.message ? `: ${model.message}` : ''}. See the log above and ${local}/health/ready.`,
  );
}

function printBanner(config: AppConfig, model: ModelDetails | undefined, seconds: number): void {
  const loginFile = path.join(config.dataDir, 'demo-login.json');
  const demo = fs.existsSync(loginFile)
    ? (JSON.parse(fs.readFileSync(loginFile, 'utf8')) as {
        email: string;
        password: string;
        channelId: string;
        verifyToken: string;
        appSecret?: string;
      })
    : undefined;
  const lines = [
    '',
    `Cria is ready (${seconds.toFixed(1)} s).`,
    '',
    `  Admin panel     ${config.publicUrl}/`,
    demo
      ? `  Login           ${demo.email}  /  ${demo.password}`
      : '  Login           the account you created',
    `  Admin API       ${config.publicUrl}/api   (OpenAPI: ${config.publicUrl}/api/docs)`,
    `  Health          ${config.publicUrl}/health/ready   Metrics: ${config.publicUrl}/metrics`,
    '',
    '  Webhook URLs (Meta app → Webhooks → Callback URL):',
    `    WhatsApp      ${config.publicUrl}/webhooks/whatsapp`,
    `    Messenger     ${config.publicUrl}/webhooks/messenger`,
    `    Instagram     ${config.publicUrl}/webhooks/instagram`,
  ];
  if (!config.meta.appSecret)
    lines.push('    (set META_APP_SECRET and META_VERIFY_TOKEN in .env to receive on these shared URLs)');
  if (demo) {
    lines.push(
      `    Demo channel  ${config.publicUrl}/webhooks/whatsapp/${demo.channelId}`,
      `                  verify token ${demo.verifyToken}${demo.appSecret ? `, app secret ${demo.appSecret}` : ''}`,
    );
  }
  lines.push('', `  Model           ${model?.path ?? 'none'} (${model?.state ?? 'unknown'})`);
  if (model?.demo) {
    lines.push(
      '',
      '  !! DEMO MODEL: replies are meaningless random text until you pull a real model:',
      '       npm run model:pull -- hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M',
      '     then set MODEL_PATH in .env to the path it prints, and restart.',
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(`cria: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

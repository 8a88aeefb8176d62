import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@cria/core';

/**
 * Runs Cria (api + worker in one process), waits until /health/ready answers, then prints the admin URL,
 * the demo login, the webhook URLs and the model in use. Signals are passed on, so Ctrl-C and SIGTERM
 * shut Cria down gracefully.
 */
const READY_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const env = { ...process.env };
  let demoModel = false;
  if (!config.model.path) {
    const demoScript = path.join(__dirname, 'demo-model.js');
    if (fs.existsSync(demoScript)) {
      const { ensureDemoModel } = (await import(demoScript)) as {
        ensureDemoModel: (dir: string) => Promise<string>;
      };
      env.MODEL_PATH = await ensureDemoModel(path.join(config.dataDir, 'models'));
      demoModel = true;
    }
  }
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'apps', 'api', 'src', 'standalone.js')], {
    env: { ...env, CRIA_DEMO_MODEL: demoModel ? '1' : '' },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

  const started = Date.now();
  const local = `http://127.0.0.1:${config.port}`;
  let ready: Record<string, unknown> | undefined;
  while (Date.now() - started < READY_TIMEOUT_MS && child.exitCode === null) {
    try {
      const response = await fetch(`${local}/health/ready`);
      if (response.ok) {
        ready = (await response.json()) as Record<string, unknown>;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!ready) {
    console.error(
      `Cria did not become ready within ${READY_TIMEOUT_MS / 1000} s: see the log above (and ${local}/health/ready).`,
    );
    return;
  }
  printBanner(config, ready, env.MODEL_PATH, demoModel, (Date.now() - started) / 1000);
}

function printBanner(
  config: ReturnType<typeof loadConfig>,
  ready: Record<string, unknown>,
  modelPath: string | undefined,
  demoModel: boolean,
  seconds: number,
): void {
  const loginFile = path.join(config.dataDir, 'demo-login.json');
  const demo = fs.existsSync(loginFile)
    ? (JSON.parse(fs.readFileSync(loginFile, 'utf8')) as {
        email: string;
        password: string;
        phoneNumberId: string;
        verifyToken: string;
        channelId: string;
      })
    : undefined;
  const model = (ready.details as Record<string, { state?: string }> | undefined)?.model;
  const lines = [
    '',
    `Cria is ready (${seconds.toFixed(1)} s).`,
    '',
    `  Admin panel     ${config.publicUrl}/`,
    demo ? `  Login           ${demo.email} / ${demo.password}` : '  Login           the account you created',
    `  Admin API       ${config.publicUrl}/api  (OpenAPI: ${config.publicUrl}/api/docs)`,
    `  Health          ${config.publicUrl}/health/ready    Metrics ${config.publicUrl}/metrics`,
    '',
    '  Webhook URLs (paste into your Meta app: Webhooks → Callback URL):',
    `    WhatsApp      ${config.publicUrl}/webhooks/whatsapp`,
    `    Messenger     ${config.publicUrl}/webhooks/messenger`,
    `    Instagram     ${config.publicUrl}/webhooks/instagram`,
    demo
      ? `    Demo channel  ${config.publicUrl}/webhooks/whatsapp/${demo.channelId}  (verify token ${demo.verifyToken})`
      : '',
    '',
    `  Model           ${modelPath ?? 'none loaded'} (${model?.state ?? 'unknown'})`,
  ];
  if (demoModel) {
    lines.push(
      '',
      '  !! DEMO MODEL: replies are meaningless random text until you pull a real model:',
      '       npm run model:pull -- hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M',
      '     then set MODEL_PATH in .env to the printed path and restart.',
    );
  } else if (!modelPath) {
    lines.push('', '  No model is configured: set MODEL_PATH in .env to a GGUF file (see README).');
  }
  console.log(lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(`cria: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

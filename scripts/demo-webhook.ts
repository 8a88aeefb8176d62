/**
 * Sends a signed WhatsApp webhook to the running demo channel, as Meta would, so the whole pipeline can be
 * seen without a Meta app: the message appears in the inbox and the assistant answers (the reply's send to
 * the Graph API fails without real credentials, and the inbox shows why).
 *
 *   npm run demo:webhook -- "Hello, are you open on Sunday?"
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@cria/core';
import { whatsappTextPayload } from '@cria/testing';

async function main(): Promise<void> {
  const config = loadConfig();
  const file = path.join(config.dataDir, 'demo-login.json');
  if (!fs.existsSync(file))
    throw new Error(`no demo channel (${file} is missing): run npm start on an empty database first`);
  const demo = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    channelId: string;
    phoneNumberId: string;
    appSecret: string;
  };
  const text = process.argv.slice(2).join(' ') || 'Hello! Are you open today?';
  const delivery = whatsappTextPayload({
    phoneNumberId: demo.phoneNumberId,
    from: '15550001234',
    name: 'Demo customer',
    text,
  });
  const url = `http://127.0.0.1:${config.port}/webhooks/whatsapp/${demo.channelId}`;
  const response = await fetch(url, {
    method: 'POST',
    body: delivery.body,
    headers: delivery.headers(demo.appSecret),
  });
  console.log(`POST ${url} → ${response.status} ${await response.text()}`);
}

main().catch((error: unknown) => {
  console.error(`demo-webhook: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

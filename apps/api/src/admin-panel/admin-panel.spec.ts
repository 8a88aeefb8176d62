import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import express from 'express';
import { findAdminDist, isPanelRoute } from './admin-panel.files';
import { adminPanelHandlers } from './admin-panel.handlers';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cria-admin-dist-'));
let server: Server;
let url: string;

before(async () => {
  const app = express();
  app.get('/api/known', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(...adminPanelHandlers(dist));
  app.use((_req, res) => {
    res.status(404).json({ code: 'not_found' });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('server paths never fall back to the panel', () => {
  for (const p of ['/api', '/api/assistants', '/webhooks/whatsapp', '/health/ready', '/metrics'])
    assert.equal(isPanelRoute(p), false, p);
  for (const p of ['/', '/inbox/123', '/apis', '/healthy', '/assets/x.js'])
    assert.equal(isPanelRoute(p), true, p);
});

test('the dist folder is found from the repository root', () => {
  assert.equal(findAdminDist(__dirname), path.resolve(__dirname, '../../../admin/dist'));
});

test('before the panel is built, its pages answer 503 with the build command', async () => {
  const response = await fetch(`${url}/inbox`);
  assert.equal(response.status, 503);
  assert.match(await response.text(), /npx vite build --config apps\/admin\/vite.config.ts/);
  assert.equal((await fetch(`${url}/api/unknown`)).status, 404);
});

test('once built: files, index.html for client routes, and the API untouched', async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');

  const page = await fetch(`${url}/assistants/42`);
  assert.equal(page.status, 200);
  assert.equal(await page.text(), '<div id="root"></div>');
  assert.equal(page.headers.get('cache-control'), 'no-cache');

  const asset = await fetch(`${url}/assets/app-1234.js`);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);

  assert.deepEqual(await (await fetch(`${url}/api/known`)).json(), { ok: true });
  const missing = await fetch(`${url}/api/unknown`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { code: 'not_found' });
  assert.equal((await fetch(`${url}/webhooks/whatsapp`, { method: 'POST' })).status, 404);
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const ADMIN = path.join(ROOT, 'apps/admin');
const INDEX = path.join(ADMIN, 'dist/index.html');
export const SCREENSHOTS = path.join(ROOT, 'artifacts/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags measured on these machines (see FACTS.md): no sandbox as root, nothing phoning home. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the panel when dist is missing or older than its sources (the api serves apps/admin/dist). */
export function ensurePanelBuilt(): void {
  const sources = Math.max(
    newestMtime(path.join(ADMIN, 'src')),
    fs.statSync(path.join(ADMIN, 'index.html')).mtimeMs,
    fs.statSync(path.join(ADMIN, 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(INDEX) && fs.statSync(INDEX).mtimeMs >= sources) return;
  const result = spawnSync(
    'npx',
    ['--no-install', 'vite', 'build', '--config', 'apps/admin/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (result.status !== 0) throw new Error('building the admin panel failed');
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM);
}

export function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}

/**
 * A desktop-sized page on the panel at `baseURL`; every error the page throws is pushed to `errors`, which
 * each test's afterEach asserts empty.
 */
export async function openPanel(
  browser: Browser,
  baseURL: string,
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${error.message} ${error.stack ?? ''}`));
  return { context, page };
}

/** Fills the panel's log-in form (once it shows) and submits it; the caller waits for what should follow. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

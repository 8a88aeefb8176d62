import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  chromiumAvailable,
  ensurePanelBuilt,
  launchBrowser,
  logIn,
  openPanel,
  screenshotPath,
} from './browser-support';

/**
 * The Knowledge page in a real browser against the real app (api + worker with the generated tiny model):
 * upload a Markdown file, watch it reach 100%, find it with a test search, delete it.
 */
const PRODUCT = `Zorblax${randomBytes(3).toString('hex')}`;
const FILE_NAME = 'catalogue.md';
const MARKDOWN = `# Catalogue\n\nThe ${PRODUCT} espresso grinder costs 249 EUR and ships in two days.\n`;

let app: TestApp;
let browser: Browser;
let page: Page;
let owner: Session;
/** Uncaught errors in the panel: any one of them fails the run. */
const pageErrors: string[] = [];

const skip = chromiumAvailable() ? false : 'chromium is not installed (bash scripts/ensure-chromium.sh)';

/** Picks a file through the dialog's file input, as a person would with the file chooser. */
async function chooseFile(name: string, content: string, mimeType: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('dialog').getByLabel('File', { exact: true }).click();
  await (await chooser).setFiles({ name, mimeType, buffer: Buffer.from(content) });
}

describe('knowledge page', { skip }, () => {
  before(async () => {
    ensurePanelBuilt();
    app = await startTestApp();
    owner = await signup(new ApiClient(app.url), 'Knowledge Browser');
    browser = await launchBrowser();
    ({ page } = await openPanel(browser, app.url, pageErrors));
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'the panel threw in the browser');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('an owner uploads a file, sees it indexed, finds it by search and deletes it', async () => {
    await page.goto('/');
    await logIn(page, owner.email, owner.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Knowledge' })
      .click();
    await page.getByRole('heading', { name: 'Knowledge', exact: true }).waitFor();
    await page.getByText('No document yet').waitFor();

    // A type the API does not read is refused, with its reason shown in the dialog.
    await page.getByRole('button', { name: 'Add document' }).click();
    const dialog = page.getByRole('dialog');
    await chooseFile('tool.exe', 'MZ', 'application/octet-stream');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('The document was not added').waitFor();
    assert.match(await refusal.innerText(), /"tool\.exe" is not a supported document type/);

    await chooseFile(FILE_NAME, MARKDOWN, 'text/markdown');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByTestId('document-row').filter({ hasText: FILE_NAME });
    await row.waitFor();
    assert.equal(await page.getByTestId('document-row').count(), 1);
    await row.getByText('md', { exact: true }).waitFor();
    const status = row.getByTestId('document-status');
    await status.getByText('Ready').waitFor({ timeout: 30_000 });
    await status.getByText('100%').waitFor();
    await page.screenshot({ path: screenshotPath('knowledge'), fullPage: true });

    await page.getByLabel('Search query').fill(PRODUCT);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const passage = page.getByTestId('passage').first();
    await passage.getByText(`${FILE_NAME} · passage 1`, { exact: false }).waitFor();
    assert.match(await passage.innerText(), new RegExp(`${PRODUCT} espresso grinder costs 249 EUR`));
    await page.screenshot({ path: screenshotPath('knowledge-search'), fullPage: true });

    await row.getByRole('button', { name: `Delete ${FILE_NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete ${FILE_NAME}?` });
    await confirm.getByRole('button', { name: 'Delete document' }).click();
    await page.getByText('No document yet').waitFor();
    assert.equal(await page.getByTestId('document-row').count(), 0);
  });
});

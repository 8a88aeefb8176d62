import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeGraphApi, whatsappTextPayload } from '@cria/testing';
import { TEST_PASSWORD, invitationToken, uniqueEmail } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/wait';
import {
  chromiumAvailable,
  ensurePanelBuilt,
  launchBrowser,
  logIn,
  openPanel,
  screenshotPath,
} from './browser-support';

/**
 * The admin panel in a real browser against the real app: sign up, build an assistant, connect WhatsApp,
 * watch a customer's message arrive live, take over, answer, hand back; and an agent's limits.
 */
const SECRET = 'browser-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const CUSTOMER = '33612345678';
const AGENT_REPLY = 'Hello from a real person, how can I help?';

let graph: FakeGraphApi;
let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let agentContext: BrowserContext;
let agentPage: Page;
const agentEmail = uniqueEmail('agent');
/** Uncaught errors in the panel: any one of them fails the run. */
const pageErrors: string[] = [];
/** Evaluated in the page (this file is type-checked without DOM types). */
const SESSION_IN_STORAGE = `localStorage.getItem('cria.session')`;
const owner = { email: uniqueEmail('owner'), password: TEST_PASSWORD };

const skip = chromiumAvailable() ? false : 'chromium is not installed (bash scripts/ensure-chromium.sh)';

describe('admin panel', { skip }, () => {
  before(async () => {
    ensurePanelBuilt();
    graph = await FakeGraphApi.start();
    app = await startTestApp({ env: { META_APP_SECRET: SECRET, META_GRAPH_URL: graph.url } });
    browser = await launchBrowser();
    ({ context, page } = await openPanel(browser, app.url, pageErrors));
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'the panel threw in the browser');
  });
  after(async () => {
    await agentContext?.close();
    await browser?.close();
    await app?.close();
    await graph?.close();
  });

  test('an unknown visitor is sent to log in, and can sign up', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByRole('link', { name: 'Create a workspace' }).click();
    await page.getByLabel('Business name').fill('Café Browser');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('open-human').waitFor();
    await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });
  });

  test('an owner creates an assistant, edits and publishes it, and chats with it in the playground', async () => {
    await page.getByRole('link', { name: 'Assistants' }).click();
    await page.getByText('No assistant yet').waitFor();
    await page.getByRole('button', { name: 'New assistant' }).click();
    await page.getByLabel('Name').fill('Front desk');
    await page.getByRole('button', { name: 'Create assistant' }).click();
    await page.getByText('Live: v1').waitFor();
    await page.getByRole('tab', { name: 'Tools' }).click();
    await page.getByLabel('Tools (JSON)').fill('[{"name": "lookup"');
    await page.getByText(/Not valid JSON/).waitFor();
    await page.screenshot({ path: screenshotPath('assistant-editor'), fullPage: true });
    await page.getByLabel('Tools (JSON)').fill('[]');
    await page.getByRole('tab', { name: 'Instructions' }).click();
    await page.getByLabel('Greeting').fill('Welcome to Café Browser!');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Unpublished changes').first().waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Live: v2').waitFor();

    await page.getByRole('tab', { name: 'Playground' }).click();
    await page.getByLabel('Message to the assistant').fill('Hello, are you open on Sunday?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/tokens · first token/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('assistant-playground'), fullPage: true });
  });

  test('connecting WhatsApp shows the webhook URL, verify token and fields to paste into Meta', async () => {
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('button', { name: 'Connect a channel' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Assistant').click();
    await page.getByRole('option', { name: 'Front desk' }).click();
    await dialog.getByLabel('Phone number ID').fill(PHONE_NUMBER_ID);
    await dialog.getByLabel('Access token').fill('EAAG-test-token');
    await dialog.getByRole('button', { name: 'Connect WhatsApp' }).click();
    const webhookUrl = await dialog.getByTestId('webhook-url').inputValue();
    assert.match(webhookUrl, /\/webhooks\/whatsapp$/);
    assert.ok((await dialog.getByTestId('verify-token').inputValue()).length >= 8);
    await dialog.getByText('messages', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('channel-connected') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('channel-card').waitFor();
    await page.screenshot({ path: screenshotPath('channels'), fullPage: true });
  });

  test('a token Meta rejects puts a red banner on every page until a new one is pasted', async () => {
    graph.failNext({
      code: 190,
      message: 'Error validating access token: Session has expired',
      path: PHONE_NUMBER_ID,
    });
    const card = page.getByTestId('channel-card');
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByTestId('test-result').getByText('Meta refused the connection').waitFor();
    await page.getByTestId('reauth-banner').waitFor();
    await page.screenshot({ path: screenshotPath('channel-needs-reauth'), fullPage: true });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('reauth-banner').waitFor();

    await page.getByRole('link', { name: 'Fix it in Channels' }).click();
    await card.getByLabel('New access token').fill('EAAG-fresh-token');
    await card.getByRole('button', { name: 'Save token' }).click();
    await page.getByTestId('reauth-banner').waitFor({ state: 'detached' });
  });

  test('a customer message appears live; the owner takes over, replies through Meta, hands back', async () => {
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('No conversation yet').waitFor();
    await page.getByTestId('stream-state').getByText('Live').waitFor();

    const delivery = whatsappTextPayload({
      phoneNumberId: PHONE_NUMBER_ID,
      from: CUSTOMER,
      text: 'Do you have oat milk?',
      name: 'Marie',
    });
    const response = await fetch(`${app.url}/webhooks/whatsapp`, {
      method: 'POST',
      body: delivery.body,
      headers: delivery.headers(SECRET),
    });
    assert.equal(response.status, 200);

    // no reload: the stream brings it
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Marie' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    // in the thread (the row's preview may show the same text while the bot has not answered yet)
    await page.getByTestId('message').filter({ hasText: 'Do you have oat milk?' }).waitFor();
    await page.getByTestId('window-countdown').waitFor();

    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByTestId('conversation-state').getByText('Human').waitFor();
    await page.getByLabel('Reply').fill(AGENT_REPLY);
    await page.getByRole('button', { name: 'Send' }).click();

    const sent = await eventually(
      async () =>
        graph.requests.find(
          (r) => (r.body as { text?: { body?: string } } | undefined)?.text?.body === AGENT_REPLY,
        ),
      { what: 'the agent reply at the Graph API', timeoutMs: 10_000 },
    );
    assert.equal(sent.path, `/v23.0/${PHONE_NUMBER_ID}/messages`);
    assert.equal((sent.body as { to?: string }).to, CUSTOMER);
    await page.getByTestId('message').filter({ hasText: AGENT_REPLY }).waitFor();
    await page.screenshot({ path: screenshotPath('inbox-thread'), fullPage: true });
    await page
      .getByTestId('message')
      .filter({ hasText: AGENT_REPLY })
      .getByTestId('message-status')
      .getByText('sent')
      .waitFor();

    await page.getByRole('button', { name: 'Hand back to assistant' }).click();
    await page.getByTestId('conversation-state').getByText('Assistant').waitFor();
  });

  test('an invited agent joins through the invitation page, and can log out and back in', async () => {
    await page.getByRole('link', { name: 'Members & roles' }).click();
    await page.getByLabel('Email').fill(agentEmail);
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(`Invitation sent to ${agentEmail}`).waitFor();

    agentContext = await browser.newContext({ baseURL: app.url });
    agentPage = await agentContext.newPage();
    agentPage.on('pageerror', (error) => pageErrors.push(error.message));
    await agentPage.goto(`/invite?token=${invitationToken(app, agentEmail)}`);
    await agentPage.getByLabel('Your name').fill('Alex Agent');
    await agentPage.getByLabel('Password').fill(TEST_PASSWORD);
    await agentPage.getByRole('button', { name: 'Accept invitation' }).click();
    await agentPage.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await agentPage.getByRole('button', { name: 'Account menu' }).click();
    await agentPage.getByRole('menuitem', { name: 'Log out' }).click();
    await logIn(agentPage, agentEmail, 'not the password');
    await agentPage.getByRole('alert').waitFor();
    await agentPage.getByLabel('Password').fill(TEST_PASSWORD);
    await agentPage.getByRole('button', { name: 'Log in' }).click();
    await agentPage.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  test('an agent sees no assistant editor: neither in the menu nor by URL', async () => {
    const nav = agentPage.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Inbox' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Assistants' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Channels' }).count(), 0);

    await agentPage.goto('/assistants');
    await agentPage.getByTestId('forbidden').getByText('Only owners and admins can open this page').waitFor();
    await agentPage.screenshot({ path: screenshotPath('agent-forbidden') });
    // the agent works the inbox: the conversation is there
    await agentPage.goto('/inbox');
    await agentPage.getByTestId('conversation-row').filter({ hasText: 'Marie' }).waitFor();
  });

  test('model status, and the panel on a phone-sized screen', async () => {
    await page.goto('/model');
    await page.getByRole('heading', { name: 'Model status' }).waitFor();
    await page.getByTestId('model-state').waitFor();
    await page.screenshot({ path: screenshotPath('model'), fullPage: true });

    const phone = await browser.newContext({
      baseURL: app.url,
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    const phonePage = await phone.newPage();
    await phonePage.goto('/inbox');
    await phonePage.getByTestId('conversation-row').first().waitFor();
    await phonePage.getByRole('button', { name: 'Toggle navigation' }).click();
    await phonePage
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Dashboard' })
      .waitFor();
    await phonePage.screenshot({ path: screenshotPath('phone-navigation') });
    await phonePage.getByRole('link', { name: 'Dashboard' }).click();
    await phonePage.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await phonePage
      .getByTestId('open-human')
      .getByText(/^\d+\+?$/)
      .waitFor();
    await phonePage.getByText('Messages per day by channel').waitFor();
    await phonePage.locator('.recharts-surface').first().waitFor();
    await phonePage.screenshot({ path: screenshotPath('phone-dashboard'), fullPage: true });
    await phone.close();
  });

  test('an expired access token is refreshed once; a refused refresh signs out', async () => {
    const before = await page.evaluate<string>(
      `(() => { const s = JSON.parse(localStorage.getItem('cria.session')); s.accessToken = 'expired.access.token'; localStorage.setItem('cria.session', JSON.stringify(s)); return s.refreshToken; })()`,
    );
    await page.goto('/channels');
    await page.getByTestId('channel-card').waitFor();
    const after = JSON.parse((await page.evaluate<string | null>(SESSION_IN_STORAGE)) ?? '{}') as {
      accessToken?: string;
      refreshToken?: string;
    };
    assert.notEqual(after.accessToken, 'expired.access.token');
    assert.ok(after.refreshToken && after.refreshToken !== before, 'the refresh token rotated');

    await page.evaluate(
      `localStorage.setItem('cria.session', JSON.stringify({ accessToken: 'bad', refreshToken: ${JSON.stringify(before)} }))`,
    );
    await page.goto('/channels');
    await logIn(page, owner.email, owner.password);
    await page.getByRole('heading', { name: 'Channels' }).waitFor();
  });

  test('logging out ends the session', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate<string | null>(SESSION_IN_STORAGE), null);
    await page.goto('/channels');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });
});

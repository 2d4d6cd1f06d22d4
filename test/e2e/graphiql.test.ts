import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { DEFAULT_GRAPHIQL_QUERY } from '../../src/yoga.ts';

/**
 * GraphiQL end to end in a real browser: the page the gateway serves must work offline (every
 * asset inlined, nothing fetched from a CDN), show the default query and run it against the
 * embedded demo GitHub.
 *
 * Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it). Without it this test
 * FAILS rather than skips, so a CI image that lost the browser cannot pass silently.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = '/tmp/graphiql.png';
// The page inlines a ~9 MB bundle (GraphiQL + Monaco); parsing it takes seconds on a slow CI box.
const PAGE_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = PAGE_TIMEOUT_MS + 30_000;

let gateway: RunningGateway | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
/** Every URL any page or worker of the browser context requested. */
const requests: string[] = [];
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the GraphiQL browser test needs it. ` +
        'Install it with `apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH.',
    );
  }
  gateway = await startGateway(loadConfig({ PORT: '0', GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-data-')) }), createLogger('error', () => {}));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    timeout: PAGE_TIMEOUT_MS,
  });
  // A fresh context has empty localStorage, so GraphiQL starts from the server's default query.
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  context.on('request', (request) => requests.push(request.url()));
  page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(gateway.url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
}, PAGE_TIMEOUT_MS * 2);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await gateway?.close();
}, 60_000);

/** The host a request went to; blob: URLs count as their creator's origin. */
function hostOf(url: string): string {
  if (url.startsWith('data:')) return 'data:';
  const parsed = new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url);
  return parsed.hostname;
}

/**
 * The text of a Monaco editor as it is rendered. Monaco positions each line absolutely and may
 * render them in any DOM order, with non-breaking spaces; only lines in view are in the DOM, so
 * the viewport must be tall enough for the text being read.
 */
async function editorText(editor: Locator): Promise<string> {
  return editor.locator('.view-lines').evaluate((lines) => {
    const rows = [...lines.querySelectorAll<HTMLElement>('.view-line')].map((line) => ({
      top: Number.parseFloat(line.style.top || '0'),
      text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
    }));
    rows.sort((a, b) => a.top - b.top);
    return rows.map((row) => row.text).join('\n').trimEnd();
  });
}

describe('GraphiQL in a browser (demo mode)', () => {
  it('loads fully from the gateway alone, with no request leaving loopback', async () => {
    const editor = page.getByRole('region', { name: 'Operation Editor' });
    await editor.locator('.monaco-editor .view-line').first().waitFor({ state: 'visible' });
    await page.getByRole('button', { name: /^Execute query/ }).waitFor({ state: 'visible' });
    // Give lazily loaded pieces (workers, fonts, schema introspection) a moment to show up.
    await page.waitForLoadState('networkidle');

    expect(requests.length).toBeGreaterThan(0);
    const offLoopback = requests.filter((url) => hostOf(url) !== '127.0.0.1' && hostOf(url) !== 'data:');
    expect(offLoopback, `requests that left loopback: ${offLoopback.join(', ')}`).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('names the demo in the title', async () => {
    await expect(page.title()).resolves.toContain('DEMO DATA');
  });

  it('shows the default query in the operation editor', async () => {
    const editor = page.getByRole('region', { name: 'Operation Editor' });
    await expect.poll(() => editorText(editor), { timeout: PAGE_TIMEOUT_MS }).toBe(DEFAULT_GRAPHIQL_QUERY.trimEnd());
  }, TEST_TIMEOUT_MS);

  it('runs the default query and shows demo data in the result pane', async () => {
    const result = page.getByRole('region', { name: 'Result Window' });
    const before = requests.length;
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await expect
      .poll(() => editorText(result), { timeout: PAGE_TIMEOUT_MS, interval: 250 })
      .toContain('"secretScanningAlerts"');
    const text = await editorText(result);
    expect(text).toContain('"data"');
    expect(text).toMatch(/"totalCount": [1-9]\d*/);
    // The demo's unreadable org is reported among the failures, the first lines of the result.
    expect(text).toContain('"login": "hooli"');
    expect(text).toContain('"FORBIDDEN"');
    expect(text).not.toContain('"errors"');

    // The query went to the gateway too, not anywhere else.
    const offLoopback = requests.slice(before).filter((url) => hostOf(url) !== '127.0.0.1' && hostOf(url) !== 'data:');
    expect(offLoopback).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);

    await page.screenshot({ path: SCREENSHOT });
  }, TEST_TIMEOUT_MS);
});

describe('GraphiQL subscriptions (demo mode)', () => {
  const SUBSCRIPTION = 'subscription Changes {\n  secretScanningAlertChanged(orgs: ["acme-corp"]) {\n    action\n    source\n    alert {\n      number\n      state\n    }\n  }\n}';

  it('receives a change made on the demo GitHub while the subscription runs', async () => {
    const demo = gateway!.demo!;
    const record = demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const subscriptionPage = await context!.newPage();
    subscriptionPage.setDefaultTimeout(PAGE_TIMEOUT_MS);
    subscriptionPage.on('pageerror', (error) => pageErrors.push(error.message));
    await subscriptionPage.goto(`${gateway!.url}?query=${encodeURIComponent(SUBSCRIPTION)}`, { waitUntil: 'load' });
    const editor = subscriptionPage.getByRole('region', { name: 'Operation Editor' });
    await expect.poll(() => editorText(editor), { timeout: PAGE_TIMEOUT_MS }).toContain('secretScanningAlertChanged');
    const subscribed = subscriptionPage.waitForRequest((request) => request.url().startsWith(gateway!.url) && (request.postData() ?? request.url()).includes('secretScanningAlertChanged'));
    await subscriptionPage.getByRole('button', { name: /^Execute query/ }).click();
    await subscribed;
    // The subscription is registered once its stream has started; then the change is made "on GitHub".
    await expect.poll(() => gateway!.events.subscriberCount, { timeout: PAGE_TIMEOUT_MS }).toBe(1);
    demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'revoked' });
    const result = subscriptionPage.getByRole('region', { name: 'Result Window' });
    await expect.poll(() => editorText(result), { timeout: PAGE_TIMEOUT_MS, interval: 250 }).toContain('"RESOLVED"');
    const text = await editorText(result);
    expect(text).toContain('"secretScanningAlertChanged"');
    expect(text).toContain('"WEBHOOK"');
    expect(text).toContain(`"number": ${record.alert.number}`);
    await subscriptionPage.close();
  }, TEST_TIMEOUT_MS);
});

import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { FakeClock } from '../fakes/fake-clock';
import { createTestApp, TestApp, TestAppOptions } from '../helpers/test-app';

/** The test app listening on a random port, plus one headless Chromium for the whole spec file. */
export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser context (own cookies) with the given language and viewport. */
  newPage(options?: { locale?: string; width?: number; height?: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: TestAppOptions = {}): Promise<BrowserHarness> {
  // The browser keeps cookies by the wall clock, so the app's clock starts at the real time.
  const t = await createTestApp({ clock: new FakeClock(new Date()), ...options, env: { CAPTCHA_TEST_ANSWER: '12345', ...options.env } });
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts: BrowserContext[] = [];
  return {
    t,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async newPage({ locale = 'ru-RU', width = 1024, height = 720 } = {}) {
      const context = await browser.newContext({ locale, viewport: { width, height }, baseURL: `http://127.0.0.1:${port}`, deviceScaleFactor: 1 });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/**
 * A platform passkey for this page: Chromium's virtual authenticator (CDP WebAuthn domain) with
 * discoverable credentials and user verification, answering without a prompt.
 */
export async function virtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

// Every run saves its screenshots under test-artifacts/ (ignored by git); UPDATE_SCREENSHOTS=1
// writes them into docs/screenshots/ instead, to refresh the pictures the docs show.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1'
  ? join(__dirname, '..', '..', '..', 'docs', 'screenshots')
  : join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/** Saves a full-page (or, with `fullPage: false`, the viewport's) screenshot as <name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const shot = { path: join(SHOTS, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled', caret: 'hide' } as const;
  // A picture for the docs, not an assertion: one retry when a loaded machine drops the capture.
  await page.screenshot(shot).catch(() => page.screenshot(shot));
}

/** Desktop and 360-px phone shots of the page currently open at `path`. */
export async function screenshotBoth(h: BrowserHarness, path: string, name: string, prepare?: (page: Page) => Promise<void>, options: { fullPage?: boolean } = {}): Promise<void> {
  for (const [suffix, width, height] of [['desktop', 1024, 640], ['360', 360, 640]] as const) {
    const { context, page } = await h.newPage({ width, height });
    await page.goto(path);
    if (prepare) await prepare(page);
    await screenshot(page, `${name}-${suffix}`, options);
    await context.close();
  }
}

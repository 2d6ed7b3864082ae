import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createUser, patchRealm } from '../helpers/fixtures';
import { virtualAuthenticator } from '../web/browser';
import { OidcHarness, registerClient, RelyingParty, startOidcApp, startRelyingParty } from './oidc-harness';

const PASSWORD = 'a long enough passphrase 1';

/**
 * Single sign-on with a passkey: an application's authorization request sends the browser to the
 * realm's sign-in page, the passkey ceremony (page script + REST API) makes the session, and the
 * browser must come back to that authorization, not to the account page. The app is served at
 * http://localhost:PORT (WebAuthn needs a secure context with a domain rpId).
 */
describe('browser: single sign-on with a passkey (Chromium, virtual authenticator)', () => {
  let h: OidcHarness;
  let browser: Browser;
  let canteen: RelyingParty;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await virtualAuthenticator(context, page);
    return { context, page };
  }

  async function userId(login: string): Promise<string> {
    const rows = (await h.t.dataSource.query(`SELECT id FROM users WHERE login = '${login}'`)) as Array<{ id: string }>;
    return rows[0].id;
  }

  /** Signs in with the password on the realm's own page, adds a passkey, and signs out again. */
  async function enrolPasskey(page: Page, login: string): Promise<void> {
    await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.waitForURL(/\/account$/);
    await page.goto(`${h.baseUrl}/realms/demo/account/security`);
    await page.getByLabel('Название').fill('Ноутбук');
    await page.getByRole('button', { name: 'Добавить ключ доступа' }).click();
    await page.locator('#new-recovery-codes li').first().waitFor();
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/sign-in$/);
  }

  /** The consent page for the (third-party) application, then its callback page. */
  async function consentAndReturn(page: Page, login: string): Promise<void> {
    await page.waitForURL(/\/sso\/interaction\//);
    assert.equal(await page.locator('h1').textContent(), 'Разрешить доступ');
    assert.ok(await page.getByText('Canteen payments', { exact: false }).isVisible(), 'the consent page names the application');
    assert.ok(await page.getByText(`Вы вошли как ${login}.`).isVisible(), 'and who is signed in');
    await page.getByRole('button', { name: 'Разрешить' }).click();
    await page.waitForURL(`${canteen.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), `signed in as ${login}`);
  }

  before(async () => {
    h = await startOidcApp({ host: 'localhost' });
    await createUser(h.t, { login: 'olga', password: PASSWORD, locale: 'ru' });
    await createUser(h.t, { login: 'pyotr', password: PASSWORD, locale: 'ru' });
    await createUser(h.t, { login: 'roman', password: PASSWORD, locale: 'ru' });
    canteen = await startRelyingParty(h, (redirectUri) => registerClient(h, { name: 'Canteen payments', redirectUris: [redirectUri] }));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    canteen?.server.close();
    await h?.close();
  });

  it('password, then the passkey as the second factor: back at the application with a code for that user', async () => {
    const { page } = await newPage();
    await enrolPasskey(page, 'olga');

    await page.goto(`${canteen.url}/login`);
    await page.waitForURL(/\/realms\/demo\/sign-in$/);
    await page.getByLabel('Логин').fill('olga');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    assert.equal(await page.locator('h1').textContent(), 'Подтверждение входа');
    await page.getByRole('button', { name: 'Использовать ключ доступа' }).click();
    await consentAndReturn(page, 'olga');
    assert.equal(canteen.signIns.length, 1);
    assert.equal(canteen.signIns[0].sub, await userId('olga'), 'the redeemed code names the user who signed in');

    // The authorization is finished: the sign-in page now leads to the account, not back to it.
    await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
    await page.waitForURL(/\/realms\/demo\/account$/);
  });

  it('passwordless with the passkey: back at the application with a code for that user', async () => {
    const { page } = await newPage();
    await enrolPasskey(page, 'pyotr');

    await page.goto(`${canteen.url}/login`);
    await page.waitForURL(/\/realms\/demo\/sign-in$/);
    await page.getByRole('button', { name: 'Вход по ключу доступа' }).click();
    await consentAndReturn(page, 'pyotr');
    assert.equal(canteen.signIns.length, 2);
    assert.equal(canteen.signIns[1].sub, await userId('pyotr'), 'the redeemed code names the user who signed in');

    await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
    await page.waitForURL(/\/realms\/demo\/account$/);
  });

  it('where the realm requires a second factor: the passkey enrolled on the way, the recovery codes shown, then on to the application', async () => {
    await patchRealm(h.t, 'demo', { mfa: { required: 'all' } });
    try {
      const { page } = await newPage();
      await page.goto(`${canteen.url}/login`);
      await page.waitForURL(/\/realms\/demo\/sign-in$/);
      await page.getByLabel('Логин').fill('roman');
      await page.getByLabel('Пароль').fill(PASSWORD);
      await page.getByRole('button', { name: 'Войти', exact: true }).click();
      await page.waitForURL(/\/realms\/demo\/account\/security$/);
      await page.getByLabel('Название').fill('Ноутбук');
      await page.getByRole('button', { name: 'Добавить ключ доступа' }).click();
      const codes = page.locator('#new-recovery-codes li');
      await codes.first().waitFor();
      assert.equal(await codes.count(), 10, 'the recovery codes are shown before going on');
      assert.ok(await page.getByRole('link', { name: 'Скачать коды' }).isVisible());
      const before = canteen.signIns.length;
      await page.getByRole('button', { name: 'Продолжить' }).click();
      await consentAndReturn(page, 'roman');
      assert.equal(canteen.signIns.length, before + 1);
      assert.equal(canteen.signIns.at(-1)!.sub, await userId('roman'), 'the redeemed code names the user who enrolled');
    } finally {
      await patchRealm(h.t, 'demo', { mfa: { required: 'off' } });
    }
  });
});

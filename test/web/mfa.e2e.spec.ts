import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { totpAt } from '../../src/mfa/totp/totp';
import { FakeClock } from '../fakes/fake-clock';
import { createUser, patchRealm } from '../helpers/fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';
import { screenshot, virtualAuthenticator } from './browser';

/**
 * WebAuthn needs a secure context with a domain rpId: the app is served at http://localhost:PORT
 * and PUBLIC_URL names that origin. Chromium's virtual authenticator (CDP WebAuthn domain) stands
 * in for a platform passkey.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PASSWORD = 'a long enough passphrase 1';

describe('browser: second factor', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 }, baseURL: base, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page };
  }

  async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
    await page.goto('/realms/demo/sign-in');
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
  }

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ clock: new FakeClock(new Date()), env: { PUBLIC_URL: base } });
    await t.app.listen(port, 'localhost');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await createUser(t, { login: 'vera', password: PASSWORD, locale: 'ru' });
    await createUser(t, { login: 'timur', password: PASSWORD, locale: 'ru' });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('enrols a passkey on the security page, then signs in with it as the second factor and without a password', async () => {
    const { context, page } = await newPage();
    await virtualAuthenticator(context, page);
    await signIn(page, 'vera');
    await page.waitForURL(/\/account$/);
    await page.getByRole('link', { name: 'Безопасность' }).click();
    await page.waitForURL(/\/account\/security$/);
    await page.getByLabel('Название').fill('Ноутбук');
    await page.getByRole('button', { name: 'Добавить ключ доступа' }).click();
    const codes = page.locator('#new-recovery-codes li');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10, 'recovery codes come with the first factor');
    assert.match((await page.locator('#new-recovery-codes-file').getAttribute('href')) ?? '', /^data:text\/plain/, 'the codes can be saved');
    // With no sign-in flow waiting, "Продолжить" leads to the account page.
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL(/\/account$/);
    await page.goto('/realms/demo/account/security');
    assert.equal(await page.getByRole('button', { name: 'Продолжить' }).count(), 0, 'the codes and Continue are shown once');
    assert.ok(await page.getByText('Ноутбук').isVisible());
    await screenshot(page, 'ru-security-desktop');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await signIn(page, 'vera');
    await page.waitForURL(/\/sign-in$/);
    assert.equal(await page.locator('h1').textContent(), 'Подтверждение входа');
    await screenshot(page, 'ru-sign-in-second-step-desktop');
    await page.locator('[data-mfa-passkey] button').click();
    await page.waitForURL(/\/account$/);

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.goto('/realms/demo/sign-in');
    await page.locator('#passkey-sign-in-button').click();
    await page.waitForURL(/\/account$/);
    assert.ok(await page.getByText('vera').first().isVisible());
  });

  it('enrols TOTP with the QR code, shows recovery codes once, and asks for the code at the next sign-in', async () => {
    const { page } = await newPage();
    await signIn(page, 'timur');
    await page.waitForURL(/\/account$/);
    await page.goto('/realms/demo/account/security');
    await page.getByRole('button', { name: 'Подключить приложение' }).click();
    assert.ok(await page.locator('.qr svg').isVisible(), 'the QR code is an inline SVG made on the server');
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await screenshot(page, 'ru-security-totp-desktop');
    await page.getByLabel('Код из приложения-аутентификатора').fill('000000');
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    assert.equal(await page.getByLabel('Код из приложения-аутентификатора').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Код из приложения-аутентификатора').fill(totpAt(secret, t.clock.now()));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    const codes = page.locator('#recovery-codes li');
    assert.equal(await codes.count(), 10);
    assert.equal(await page.getByRole('link', { name: 'Скачать коды' }).getAttribute('download'), 'recovery-codes.txt');
    await screenshot(page, 'ru-security-codes-desktop');
    await page.reload();
    assert.equal(await page.locator('#recovery-codes').count(), 0, 'shown once');

    t.clock.advanceSeconds(30);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await signIn(page, 'timur');
    await page.getByLabel('Код из приложения-аутентификатора').fill('123456');
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    assert.match((await page.locator('#f-totp-code-error').textContent()) ?? '', /Неверный код/);
    await page.getByLabel('Код из приложения-аутентификатора').fill(totpAt(secret, t.clock.now()));
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.waitForURL(/\/account$/);

    await page.getByRole('button', { name: 'Выйти' }).click();
    await signIn(page, 'timur');
    await page.getByText('Я потерял второй фактор').click();
    await page.getByRole('button', { name: 'Сообщить администратору' }).click();
    assert.match((await page.getByRole('status').textContent()) ?? '', /Запрос отправлен/);
  });

  it("the admin's user page resets the second factor", async () => {
    const timur = (await t.dataSource.query(`SELECT id FROM users WHERE login = 'timur'`))[0] as { id: string };
    const { page } = await newPage();
    await signIn(page, TEST_ADMIN.login, TEST_ADMIN.password);
    await page.waitForURL(/\/account$/);
    await page.goto(`/realms/demo/admin/users/${timur.id}`);
    assert.ok(await page.getByText('Второй фактор: подключён').isVisible());
    await screenshot(page, 'ru-admin-user-mfa-desktop');
    await page.getByRole('button', { name: 'Сбросить второй фактор' }).click();
    await page.waitForURL(/done=mfa_reset$/);
    assert.ok(await page.getByText('Второй фактор: не подключён').isVisible());
    const res = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'timur', password: PASSWORD }).expect(200);
    assert.ok(res.body.accessToken);
  });

  it('after the first passkey under a required second factor, the page shows the new state at once and keeps the codes on screen', async () => {
    await createUser(t, { login: 'zoya', password: PASSWORD, locale: 'ru' });
    await patchRealm(t, 'demo', { mfa: { required: 'all' } });
    try {
      const { context, page } = await newPage();
      await virtualAuthenticator(context, page);
      await signIn(page, 'zoya');
      await page.waitForURL(/\/account\/security$/);
      const required = page.getByText('Правила вашей организации требуют второй фактор');
      assert.ok(await required.isVisible(), 'the required notice is shown before');
      assert.ok(await page.locator('#passkeys').getByText('Ключей доступа нет.').isVisible());

      await page.getByLabel('Название').fill('Телефон');
      await page.getByRole('button', { name: 'Добавить ключ доступа' }).click();
      await page.locator('#passkeys li').getByText('Телефон').waitFor();
      assert.equal(await required.count(), 0, 'the required notice is gone without a reload');
      assert.equal(await page.locator('#passkeys').getByText('Ключей доступа нет.').count(), 0);
      assert.ok(await page.getByText('Осталось резервных кодов: 10.').isVisible(), 'the recovery-codes status of a user with a factor');
      assert.equal(await page.locator('#new-recovery-codes li').count(), 10, 'the codes shown once are still on screen');
      assert.ok(await page.locator('#new-recovery-codes li').first().isVisible());
      await page.getByRole('button', { name: 'Продолжить' }).click();
      await page.waitForURL(/\/account$/);
    } finally {
      await patchRealm(t, 'demo', { mfa: { required: 'off' } });
    }
  });
});

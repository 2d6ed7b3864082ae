import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';
import { totpAt } from '../../src/mfa/totp/totp';
import { createUser, patchRealm } from '../helpers/fixtures';
import { TEST_ADMIN } from '../helpers/test-app';
import { screenshot } from '../web/browser';
import { OidcHarness, registerClient, RelyingParty, startOidcApp, startRelyingParty } from './oidc-harness';

const PASSWORD = 'a long enough passphrase 1';

describe('browser: single sign-on through the hosted sign-in page (Chromium)', () => {
  let h: OidcHarness;
  let browser: Browser;
  let diary: RelyingParty;
  let canteen: RelyingParty;
  before(async () => {
    h = await startOidcApp();
    await createUser(h.t, { login: 'anna', password: PASSWORD, email: 'anna@example.org', emailVerified: true });
    diary = await startRelyingParty(h, (redirectUri, base) => registerClient(h, { name: 'Diary', redirectUris: [redirectUri], postLogoutRedirectUris: [`${base}/bye`], firstParty: true }));
    canteen = await startRelyingParty(h, (redirectUri) => registerClient(h, { name: 'Canteen payments', redirectUris: [redirectUri] }));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    diary?.server.close();
    canteen?.server.close();
    await h?.close();
  });

  it('signs in through the sign-in page (with its recovery link), back at the application; a second application reuses the session after consent', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${diary.url}/login`);
    await page.waitForURL(/\/realms\/demo\/sign-in$/);
    assert.ok(await page.getByRole('link', { name: 'Забыли пароль?' }).isVisible(), 'the recovery link is there');
    await page.getByLabel('Логин').fill('anna');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(`${diary.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), 'signed in as anna');

    // Another application: no password again, but a consent page naming it and the scopes.
    await page.goto(`${canteen.url}/login?scope=${encodeURIComponent('openid profile email')}`);
    await page.waitForURL(/\/sso\/interaction\//);
    assert.equal(await page.locator('h1').textContent(), 'Разрешить доступ');
    assert.ok(await page.getByText('Canteen payments', { exact: false }).isVisible());
    assert.ok(await page.getByText('ваш адрес e-mail', { exact: false }).isVisible());
    await screenshot(page, 'ru-sso-consent-desktop');
    await page.getByRole('button', { name: 'Разрешить' }).click();
    await page.waitForURL(`${canteen.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), 'signed in as anna');

    // Once allowed, the next sign-in to it goes straight through.
    await page.goto(`${canteen.url}/login?scope=${encodeURIComponent('openid profile email')}`);
    await page.waitForURL(`${canteen.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), 'signed in as anna');
    await context.close();
  });

  it('a wrong password stays on the sign-in page; the right one then continues to the application', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${diary.url}/login`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Login').fill('anna');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    assert.ok(await page.getByRole('alert').isVisible());
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${diary.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), 'signed in as anna');

    // RP-initiated logout: a confirmation page in the realm's look, then back to the application.
    await page.goto(`${h.issuer}/oidc/logout?client_id=${diary.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${diary.url}/bye`)}`);
    assert.equal(await page.locator('h1').textContent(), 'Sign out');
    await screenshot(page, 'en-sso-logout-360');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${diary.url}/bye`);
    await page.goto(`${diary.url}/login`);
    await page.waitForURL(/\/sign-in$/);
    await context.close();
  });

  /** A user the admin creates (API) and hands a temporary password (reset-access), as at a school desk. */
  async function adminCreatedUser(login: string): Promise<{ id: string; temporaryPassword: string }> {
    const created = await h.t.http().post('/api/v1/realms/demo/admin/users').set('Authorization', h.adminAuth).send({ login, locale: 'ru' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const reset = await h.t.http().post(`/api/v1/realms/demo/admin/users/${created.body.id}/reset-access`).set('Authorization', h.adminAuth).send({ method: 'temporary-password' });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    return { id: created.body.id as string, temporaryPassword: reset.body.temporaryPassword as string };
  }

  /** The sign-in page with the temporary password, then the forced change to `newPassword`. */
  async function signInAndChangeTemporary(page: Page, login: string, temporaryPassword: string, newPassword: string): Promise<void> {
    await page.getByLabel('Логин').fill(login);
    await page.getByLabel('Пароль').fill(temporaryPassword);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/realms\/demo\/account\/password$/);
    assert.equal(await page.locator('h1').textContent(), 'Смените временный пароль');
    await page.getByLabel('Временный пароль').fill(temporaryPassword);
    await page.getByLabel('Ваш новый пароль').fill(newPassword);
    await page.getByLabel('Повторите пароль').fill(newPassword);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
  }

  it('a temporary password: the forced change on the way, then back at the application with a code for that user; a later change from the account page stays there', async () => {
    const boris = await adminCreatedUser('boris');
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const before = diary.signIns.length;
    await page.goto(`${diary.url}/login`);
    await page.waitForURL(/\/realms\/demo\/sign-in$/);
    await signInAndChangeTemporary(page, 'boris', boris.temporaryPassword, PASSWORD);
    await page.waitForURL(`${diary.url}/callback?**`);
    assert.equal(await page.locator('body').textContent(), 'signed in as boris');
    assert.equal(diary.signIns.length, before + 1);
    assert.equal(diary.signIns.at(-1)!.sub, boris.id, 'the redeemed code names the user who changed the password');

    // The authorization is finished and its return target gone: the sign-in page leads to the account.
    await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
    await page.waitForURL(/\/realms\/demo\/account$/);
    // A change of one's own accord ends on the account page with its notice, as before.
    await page.getByRole('link', { name: 'Смена пароля' }).click();
    await page.getByLabel('Текущий пароль').fill(PASSWORD);
    await page.getByLabel('Ваш новый пароль').fill('another long passphrase 2');
    await page.getByLabel('Повторите пароль').fill('another long passphrase 2');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.waitForURL(/\/realms\/demo\/account\?done=password_changed$/);
    assert.ok(await page.getByText('Пароль изменён.').isVisible());
    assert.equal(diary.signIns.length, before + 1, 'no code was issued by the voluntary change');
    await context.close();
  });

  /**
   * On the security page the realm's requirement sends the user to: TOTP from the secret shown, the
   * recovery codes shown once (with the download), then "Продолжить".
   */
  async function enrolTotpAndContinue(page: Page, rp: RelyingParty): Promise<void> {
    assert.ok(await page.getByText('Правила вашей организации требуют второй фактор.', { exact: false }).isVisible());
    await page.getByRole('button', { name: 'Подключить приложение' }).click();
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Код из приложения-аутентификатора').fill(totpAt(secret, h.t.clock.now()));
    const before = rp.signIns.length;
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    assert.equal(await page.locator('#recovery-codes li').count(), 10, 'the recovery codes are shown before going on');
    assert.ok(await page.getByRole('link', { name: 'Скачать коды' }).isVisible());
    assert.ok(await page.getByText('Когда сохраните коды, нажмите «Продолжить».').isVisible());
    assert.equal(rp.signIns.length, before, 'no code while the codes are on the screen');
    await page.getByRole('button', { name: 'Продолжить' }).click();
  }

  it('a user the realm requires a second factor of: signs in at the application, enrols TOTP, sees the recovery codes, and continues back to it with a code for that user', async () => {
    const galina = await createUser(h.t, { login: 'galina', password: PASSWORD, locale: 'ru' });
    await patchRealm(h.t, 'demo', { mfa: { required: 'all' } });
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const before = diary.signIns.length;
      await page.goto(`${diary.url}/login`);
      await page.waitForURL(/\/realms\/demo\/sign-in$/);
      await page.getByLabel('Логин').fill('galina');
      await page.getByLabel('Пароль').fill(PASSWORD);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForURL(/\/realms\/demo\/account\/security$/);
      await enrolTotpAndContinue(page, diary);
      await page.waitForURL(`${diary.url}/callback?**`);
      assert.equal(await page.locator('body').textContent(), 'signed in as galina');
      assert.equal(diary.signIns.length, before + 1);
      assert.equal(diary.signIns.at(-1)!.sub, galina.id, 'the redeemed code names the user who enrolled');

      // The authorization is finished and its return target gone: the sign-in page leads to the account.
      assert.equal((await context.cookies()).filter((c) => c.name === 'return_to').length, 0);
      await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
      await page.waitForURL(/\/realms\/demo\/account$/);
    } finally {
      await context.close();
      await patchRealm(h.t, 'demo', { mfa: { required: 'off' } });
    }
  });

  it('a temporary password where the realm requires a second factor: the forced change, then the enrolment, then back at the application', async () => {
    const vera = await adminCreatedUser('vera');
    await patchRealm(h.t, 'demo', { mfa: { required: 'all' } });
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1024, height: 720 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const before = diary.signIns.length;
      await page.goto(`${diary.url}/login`);
      await page.waitForURL(/\/realms\/demo\/sign-in$/);
      await signInAndChangeTemporary(page, 'vera', vera.temporaryPassword, PASSWORD);
      await page.waitForURL(/\/realms\/demo\/account\/security$/);
      assert.equal(diary.signIns.length, before, 'no code before the second factor is enrolled');
      await enrolTotpAndContinue(page, diary);
      await page.waitForURL(`${diary.url}/callback?**`);
      assert.equal(await page.locator('body').textContent(), 'signed in as vera');
      assert.equal(diary.signIns.at(-1)!.sub, vera.id, 'the redeemed code names the user who changed the password and enrolled');
    } finally {
      await context.close();
      await patchRealm(h.t, 'demo', { mfa: { required: 'off' } });
    }
  });

  it('the admin console lists, registers (secret shown once) and deletes applications; bad redirect URIs are named', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.baseUrl}/realms/demo/sign-in`);
    await page.getByLabel('Login').fill(TEST_ADMIN.login);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    await page.goto(`${h.baseUrl}/realms/demo/admin`);
    await page.getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL(/\/admin\/oidc-clients$/);
    assert.ok(await page.getByRole('cell', { name: diary.clientId }).isVisible(), 'registered clients are listed');

    await page.getByLabel('Name').fill('Library');
    await page.getByLabel('Redirect URIs (one a line)').fill('http://library.example.org/cb');
    await page.getByRole('button', { name: 'Register application' }).click();
    assert.ok(await page.getByRole('alert').isVisible());
    assert.ok(await page.locator('#f-redirectUris-error').isVisible(), 'the bad URI is shown at its field');

    await page.getByLabel('Redirect URIs (one a line)').fill('https://library.example.org/cb\nhttp://localhost:8080/cb');
    await page.getByLabel('First-party (our own application: no consent page)').check();
    await page.getByRole('button', { name: 'Register application' }).click();
    const status = page.getByRole('status');
    assert.match((await status.textContent()) ?? '', /Copy the secret now/);
    const secret = (await status.locator('dd code').nth(1).textContent()) ?? '';
    assert.ok(secret.length >= 43);
    await screenshot(page, 'en-admin-oidc-clients-desktop');
    await page.reload();
    assert.doesNotMatch(await page.content(), new RegExp(secret), 'the secret is never shown again');
    assert.equal(await page.getByRole('status').count(), 0, 'a reload registers nothing and shows no secret');
    assert.equal(await page.getByRole('button', { name: 'Delete: Library' }).count(), 1);

    await page.getByRole('button', { name: 'Delete: Library' }).click();
    await page.waitForURL(/done=deleted$/);
    assert.ok(await page.getByText('Application deleted').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Delete: Library' }).count(), 0);
    await context.close();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { createUser } from '../helpers/fixtures';
import { lastDeliveredMessage, linkIn } from '../helpers/delivered-messages';
import { TEST_ADMIN } from '../helpers/test-app';
import { BrowserHarness, screenshot, screenshotBoth, startBrowserHarness } from './browser';

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/realms/demo/sign-in');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

describe('browser: admin console and forced password change', () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
    await createUser(h.t, { login: 'boris', password: 'boris old passphrase 1', email: 'boris@example.org', emailVerified: true, locale: 'ru' });
    await createUser(h.t, { login: 'vera', password: 'vera old passphrase 1', email: 'vera@example.org', emailVerified: true, locale: 'ru' });
    // Someone who could not recover alone (no confirmed contact): an open access request.
    const gosha = await createUser(h.t, { login: 'gosha', password: 'gosha old passphrase 1', locale: 'ru' });
    await h.t.get(AccessRequestsService).open({ realmId: gosha.realmId, user: gosha, reason: 'no_confirmed_contact', defaultLocale: 'ru' });
  });
  after(() => h?.close());

  it('an admin restores access with a temporary password; the user must change it at sign-in', async () => {
    const admin = (await h.newPage()).page;
    await signIn(admin, TEST_ADMIN.login, TEST_ADMIN.password);
    await admin.getByRole('link', { name: 'Администрирование' }).click();
    assert.equal(await admin.locator('h1').textContent(), 'Администрирование');
    await admin.getByLabel('Логин, email или телефон').fill('bor');
    await admin.getByRole('button', { name: 'Найти' }).click();
    await admin.getByRole('link', { name: 'boris' }).click();
    assert.equal(await admin.locator('h2').first().textContent(), 'Пользователь boris');
    await admin.getByRole('button', { name: 'Выдать временный пароль' }).click();
    const temporary = (await admin.locator('#temporary-password').textContent())?.trim();
    assert.ok(temporary && temporary.length >= 8);
    // The password is shown once: opening the user page again does not show it.
    const action = await admin.locator('form[action$="/reset-access"]').first().getAttribute('action');
    await admin.goto(action!.replace(/\/reset-access$/, ''));
    assert.equal(await admin.locator('h2').first().textContent(), 'Пользователь boris');
    assert.equal(await admin.locator('#temporary-password').count(), 0);

    const user = (await h.newPage()).page;
    await signIn(user, 'boris', 'boris old passphrase 1');
    assert.equal(await user.getByRole('alert').count(), 1, 'the old password no longer works');
    await signIn(user, 'boris', temporary);
    await user.waitForURL(/\/realms\/demo\/account\/password$/);
    assert.equal(await user.locator('h1').textContent(), 'Смените временный пароль');
    // Every other page leads back here until the password is changed.
    await user.goto('/realms/demo/account');
    assert.match(user.url(), /\/account\/password$/);
    await user.getByLabel('Временный пароль').fill(temporary);
    await user.getByLabel('Ваш новый пароль').fill('a brand new passphrase 77');
    await user.getByLabel('Повторите пароль').fill('a brand new passphrase 77!');
    await user.getByRole('button', { name: 'Сменить пароль' }).click();
    assert.match((await user.getByRole('alert').textContent()) ?? '', /Пароли не совпадают/);
    await user.getByLabel('Временный пароль').fill(temporary);
    await user.getByLabel('Ваш новый пароль').fill('a brand new passphrase 77');
    await user.getByLabel('Повторите пароль').fill('a brand new passphrase 77');
    await user.getByRole('button', { name: 'Сменить пароль' }).click();
    await user.waitForURL(/\/realms\/demo\/account\?done=password_changed$/);
    assert.ok(await user.getByText('Пароль изменён.').isVisible());
  });

  it('an admin restores access by link; the user sets a new password from the e-mail', async () => {
    const admin = (await h.newPage()).page;
    await signIn(admin, TEST_ADMIN.login, TEST_ADMIN.password);
    await admin.goto('/realms/demo/admin/users?q=vera');
    await admin.getByRole('link', { name: 'vera' }).click();
    await admin.getByRole('button', { name: 'Отправить ссылку для смены пароля' }).click();
    assert.match((await admin.getByRole('status').first().textContent()) ?? '', /Ссылка для смены пароля отправлена/);
    const mail = await lastDeliveredMessage(h.t, { to: 'vera@example.org', notice: 'reset-link' });
    assert.ok(mail);
    const u = new URL(linkIn(mail)!);
    const user = (await h.newPage()).page;
    await user.goto(`${h.baseUrl}${u.pathname}${u.search}`);
    await user.getByLabel('Ваш новый пароль').fill('fresh morning passphrase 2026');
    await user.getByLabel('Повторите пароль').fill('fresh morning passphrase 2026');
    await user.getByRole('button', { name: 'Далее' }).click();
    assert.equal(await user.locator('h1').textContent(), 'Пароль изменён');
    await signIn(user, 'vera', 'fresh morning passphrase 2026');
    await user.waitForURL(/\/account$/);

    // The audit log names the reset; the access request is resolved with a note.
    await admin.getByRole('link', { name: 'Журнал событий' }).first().click();
    assert.ok(await admin.getByRole('cell', { name: 'admin.reset_access' }).first().isVisible());
    await admin.getByRole('link', { name: 'Обращения' }).click();
    const row = admin.getByRole('row', { name: /gosha/ });
    assert.ok(await row.getByText('нет подтверждённого email или телефона').isVisible());
    await row.getByLabel('Комментарий').fill('temporary password handed over in person');
    await row.getByRole('button', { name: 'Закрыть обращение' }).click();
    assert.ok(await admin.getByText('Обращение закрыто.').isVisible());
    await admin.getByRole('link', { name: 'Закрытые' }).click();
    assert.ok(await admin.getByRole('cell', { name: 'temporary password handed over in person' }).isVisible());
    await admin.getByRole('link', { name: 'Настройки области' }).click();
    assert.ok(await admin.getByLabel('Основной цвет').isVisible());
  });

  it('shows the console on a desktop and on a 360-px phone', async () => {
    const asAdmin = (path: string, then?: (page: Page) => Promise<void>) => async (page: Page) => {
      await page.getByLabel('Логин').fill(TEST_ADMIN.login);
      await page.getByLabel('Пароль').fill(TEST_ADMIN.password);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForURL(/\/account$/);
      await page.goto(path);
      if (then) await then(page);
    };
    await screenshotBoth(h, '/realms/demo/sign-in', 'ru-admin-users', asAdmin('/realms/demo/admin/users?q=o'));
    await screenshotBoth(
      h,
      '/realms/demo/sign-in',
      'ru-admin-user',
      asAdmin('/realms/demo/admin/users?q=gosha', async (page) => {
        await page.getByRole('link', { name: 'gosha' }).click();
        await page.getByRole('button', { name: 'Выдать временный пароль' }).click();
        assert.ok(await page.locator('#temporary-password').isVisible());
        // On the phone, show the restore box from its heading: the password and the buttons.
        if (page.viewportSize()!.width < 500) await page.locator('#restore-title').evaluate((el) => el.scrollIntoView());
      }),
      { fullPage: false },
    );
    const { page } = await h.newPage();
    await page.goto('/realms/demo/sign-in');
    await asAdmin('/realms/demo/admin/access-requests?status=resolved')(page);
    await screenshot(page, 'ru-admin-requests-desktop');
    await page.goto('/realms/demo/admin/audit?type=admin.reset_access');
    await screenshot(page, 'ru-admin-audit-desktop');
  });

  it('refuses the console to a user who is not staff', async () => {
    const { page } = await h.newPage();
    await signIn(page, 'vera', 'fresh morning passphrase 2026');
    const res = await page.goto('/realms/demo/admin/users');
    assert.equal(res?.status(), 403);
    assert.equal(await page.getByRole('link', { name: 'Администрирование' }).count(), 0);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/fixtures';
import { BrowserHarness, screenshot, startBrowserHarness } from './browser';

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/realms/demo/sign-in');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

describe('browser: own account', () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
    await createUser(h.t, { login: 'gleb', password: 'temporary passphrase 1', mustChangePassword: true, locale: 'ru' });
    await createUser(h.t, { login: 'olga', password: 'an older passphrase 1', locale: 'ru' });
  });
  after(() => h?.close());

  it('forced change: a user who must change the password lands on the change page and nowhere else until done', async () => {
    const { page } = await h.newPage();
    await signIn(page, 'gleb', 'temporary passphrase 1');
    await page.waitForURL(/\/realms\/demo\/account\/password$/);
    assert.equal(await page.locator('h1').textContent(), 'Смените временный пароль');
    await screenshot(page, 'ru-forced-change-desktop');
    await page.goto('/realms/demo/account');
    assert.match(page.url(), /\/account\/password$/);
    await page.getByLabel('Временный пароль').fill('temporary passphrase 1');
    await page.getByLabel('Ваш новый пароль').fill('short');
    await page.getByLabel('Повторите пароль').fill('short');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Пароль не соответствует требованиям/);
    assert.equal(await page.getByLabel('Ваш новый пароль').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Временный пароль').fill('temporary passphrase 1');
    await page.getByLabel('Ваш новый пароль').fill('my own passphrase at last');
    await page.getByLabel('Повторите пароль').fill('my own passphrase at last');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.waitForURL(/\/realms\/demo\/account\?done=password_changed$/);
    assert.ok(await page.getByText('Пароль изменён.').isVisible());
    await page.getByRole('button', { name: 'Выйти' }).click();
    await signIn(page, 'gleb', 'my own passphrase at last');
    await page.waitForURL(/\/realms\/demo\/account$/);
  });

  it('changes the password from the account page; a wrong current password is refused', async () => {
    const { page } = await h.newPage();
    await signIn(page, 'olga', 'an older passphrase 1');
    await page.waitForURL(/\/account$/);
    await screenshot(page, 'ru-account-desktop');
    await page.getByRole('link', { name: 'Смена пароля' }).click();
    await page.getByLabel('Текущий пароль').fill('not my password');
    await page.getByLabel('Ваш новый пароль').fill('a newer passphrase 22');
    await page.getByLabel('Повторите пароль').fill('a newer passphrase 22');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    assert.match((await page.locator('#f-currentPassword-error').textContent()) ?? '', /Извините/);
    await page.getByLabel('Текущий пароль').fill('an older passphrase 1');
    await page.getByLabel('Ваш новый пароль').fill('a newer passphrase 22');
    await page.getByLabel('Повторите пароль').fill('a newer passphrase 22');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.waitForURL(/done=password_changed$/);
  });
});

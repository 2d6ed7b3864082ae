import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { codeIn, lastDeliveredMessage } from '../helpers/delivered-messages';
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
    await createUser(h.t, { login: 'pavel', password: 'pavel passphrase 1', email: 'pavel@example.org', emailVerified: false, locale: 'ru' });
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

  it('confirms an e-mail from the account page with the code from the delivered message', async () => {
    const { page } = await h.newPage();
    await signIn(page, 'pavel', 'pavel passphrase 1');
    await page.waitForURL(/\/account$/);
    const email = page.getByRole('region', { name: 'Изменить email' });
    // The unconfirmed address is offered for confirmation as it is; a new one replaces it.
    assert.equal(await email.getByLabel('Новый email').inputValue(), 'pavel@example.org');
    await email.getByLabel('Новый email').fill('not an address');
    await email.getByRole('button', { name: 'Отправить код' }).click();
    assert.equal(await page.getByRole('region', { name: 'Изменить email' }).getByLabel('Новый email').getAttribute('aria-invalid'), 'true');
    await page.getByRole('region', { name: 'Изменить email' }).getByLabel('Новый email').fill('pavel.new@example.org');
    await page.getByRole('region', { name: 'Изменить email' }).getByRole('button', { name: 'Отправить код' }).click();
    const section = page.getByRole('region', { name: 'Изменить email' });
    assert.match((await section.getByRole('status').textContent()) ?? '', /Код подтверждения отправлен на pavel\.new@example\.org/);
    const mail = await lastDeliveredMessage(h.t, { to: 'pavel.new@example.org', notice: 'confirmation-code' });
    assert.ok(mail, 'the code went to the new address');
    const code = codeIn(mail)!;
    const wrong = code === '000000' ? '111111' : '000000';
    await section.getByLabel('Код подтверждения').fill(wrong);
    await section.getByRole('button', { name: 'Подтвердить' }).click();
    assert.equal(await page.getByRole('region', { name: 'Изменить email' }).getByLabel('Код подтверждения').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'ru-account-confirm-email-desktop');
    await page.getByRole('region', { name: 'Изменить email' }).getByLabel('Код подтверждения').fill(code);
    await page.getByRole('region', { name: 'Изменить email' }).getByRole('button', { name: 'Подтвердить' }).click();
    await page.waitForURL(/\/account\?done=contact_confirmed$/);
    assert.ok(await page.getByText('Контакт подтверждён.').isVisible());
    const summary = (await page.locator('dl.summary').textContent()) ?? '';
    assert.match(summary, /pavel\.new@example\.org\s*подтверждён/);
  });
});

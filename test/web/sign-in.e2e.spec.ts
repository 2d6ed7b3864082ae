import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRealm, createUser } from '../helpers/fixtures';
import { BrowserHarness, screenshot, screenshotBoth, startBrowserHarness } from './browser';

describe('browser: sign-in', () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
    await createRealm(h.t, 'school', 'school');
    await createUser(h.t, { login: 'anna', password: 'correct horse battery staple', email: 'anna@example.org', emailVerified: true });
  });
  after(() => h?.close());

  it('goes from / to the default realm sign-in, refuses a wrong password with the manual sentence, then signs in', async () => {
    const { page } = await h.newPage();
    await page.goto('/');
    assert.match(page.url(), /\/realms\/demo\/sign-in$/);
    assert.equal(await page.locator('h1').textContent(), 'Вход в личный кабинет');
    assert.ok(await page.getByText('Доступ к данному ресурсу для незарегистрированных пользователей закрыт').isVisible());
    assert.ok(await page.getByRole('link', { name: 'Забыли пароль?' }).isVisible());
    assert.ok(await page.getByRole('link', { name: 'Выберите свой регион' }).isVisible());
    await screenshotBoth(h, '/realms/demo/sign-in', 'ru-sign-in');

    // Keyboard only: the login field has focus, Tab reaches the password, Enter submits.
    await page.keyboard.type('anna');
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    const alert = page.getByRole('alert');
    assert.equal((await alert.textContent())?.trim(), 'Извините, пользователь с такими логином и паролем не зарегистрирован в системе');
    assert.equal(await page.getByLabel('Логин').inputValue(), 'anna');
    assert.equal(await page.getByLabel('Пароль').inputValue(), '');
    await screenshot(page, 'ru-sign-in-failed-desktop');

    await page.getByLabel('Пароль').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/realms\/demo\/account$/);
    assert.ok(await page.getByText('anna@example.org').isVisible());
    const cookies = await page.context().cookies();
    const sid = cookies.find((c) => c.name === 'sid');
    assert.ok(sid?.httpOnly);
    assert.equal(sid?.sameSite, 'Lax');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto('/realms/demo/account');
    assert.match(page.url(), /\/sign-in$/);
  });

  it('switches the language with the switcher and keeps it', async () => {
    const { page } = await h.newPage({ locale: 'ru-RU' });
    await page.goto('/realms/demo/sign-in');
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Sign in to your account');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto('/realms/demo/sign-in');
    assert.equal(await page.locator('h1').textContent(), 'Sign in to your account');
  });

  it('lists the realms on the chooser page', async () => {
    const { page } = await h.newPage();
    await page.goto('/realms/demo/sign-in');
    await page.getByRole('link', { name: 'Выберите свой регион' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Выберите свой регион');
    await page.getByRole('link', { name: 'school' }).click();
    assert.match(page.url(), /\/realms\/school\/sign-in$/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createRealm, createUser, patchRealm } from '../helpers/fixtures';
import { lastDeliveredMessage, linkIn, codeIn } from '../helpers/delivered-messages';
import { BrowserHarness, screenshot, screenshotBoth, startBrowserHarness } from './browser';

/** The links in messages start with PUBLIC_URL; the browser talks to the test server. */
function local(h: BrowserHarness, link: string | undefined): string {
  assert.ok(link, 'the message carries a link');
  const u = new URL(link);
  return `${h.baseUrl}${u.pathname}${u.search}`;
}

async function signIn(page: Page, realm: string, login: string, password: string): Promise<void> {
  await page.goto(`/realms/${realm}/sign-in`);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(new RegExp(`/realms/${realm}/account$`));
}

async function chooseBirthDate(page: Page, day: string, month: string, year: string): Promise<void> {
  await page.getByLabel('День').selectOption(day);
  await page.getByLabel('Месяц').selectOption(month);
  await page.getByLabel('Год').selectOption(year);
}

describe('browser: recovery', () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness({ env: { THROTTLE_RECOVERY_LIMIT: '1000' } });
    await createRealm(h.t, 'shop', 'merchant', { supportContact: 'support@belassist.by' });
    await createRealm(h.t, 'school', 'school');
    await createUser(h.t, { realm: 'shop', login: 'merchant1', password: 'OldPassw0rd', email: 'merchant1@example.org', emailVerified: true, locale: 'ru' });
    await createUser(h.t, {
      realm: 'school',
      login: 'petrov.ivan',
      password: 'an old school passphrase 1',
      email: 'ivan@example.org',
      emailVerified: true,
      phone: '+79533541234',
      phoneVerified: true,
      birthDate: '2008-04-17',
      locale: 'ru',
    });
    await createUser(h.t, { realm: 'school', login: 'sidorova.anna', password: 'an old school passphrase 2', phone: '+79530001122', phoneVerified: true, birthDate: '2009-11-03', locale: 'ru' });
  });
  after(() => h?.close());

  it('forgot password by link (merchant): login + e-mail, the manual message, the link, rules as you type, new password', async () => {
    const { page } = await h.newPage();
    await page.goto('/realms/shop/sign-in');
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Восстановление пароля');
    await screenshotBoth(h, '/realms/shop/recovery', 'ru-recovery-merchant');

    await page.getByLabel('Введите логин').fill('merchant1');
    await page.getByLabel('Введите email').fill('wrong@example.org');
    await page.getByRole('button', { name: 'Далее' }).click();
    const mismatch = await page.getByRole('alert').textContent();
    assert.match(mismatch ?? '', /Такой пользователь не существует или неверно указан e-mail\. .*support@belassist\.by/);
    assert.equal(await page.getByLabel('Введите логин').inputValue(), 'merchant1');

    await page.getByLabel('Введите email').fill('merchant1@example.org');
    await page.getByRole('button', { name: 'Далее' }).click();
    const status = page.getByRole('status');
    assert.match((await status.textContent()) ?? '', /На ваш email отправлена ссылка для восстановления пароля\.? Назад к авторизации/);
    assert.ok(await page.getByRole('link', { name: 'Назад к авторизации' }).isVisible());
    await screenshot(page, 'ru-recovery-sent-desktop');

    const mail = await lastDeliveredMessage(h.t, { to: 'merchant1@example.org', notice: 'reset-link' });
    assert.ok(mail);
    const link = local(h, linkIn(mail));
    await page.goto(link);
    assert.equal(await page.locator('h1').textContent(), 'Выберите свой новый пароль');
    // Opening the page spent nothing: opening it again still works.
    await page.goto(link);
    assert.equal(await page.locator('h1').textContent(), 'Выберите свой новый пароль');
    assert.equal(await page.evaluate('document.referrer'), '');

    // The rules are checked as the user types.
    await page.getByLabel('Ваш новый пароль').fill('abc');
    assert.equal(await page.locator('li[data-rule="min_length"]').getAttribute('class'), 'bad');
    assert.equal(await page.locator('li[data-rule="requires_digit"]').getAttribute('class'), 'bad');
    await page.getByLabel('Ваш новый пароль').fill('NewPassw0rd1');
    assert.equal(await page.locator('li[data-rule="min_length"]').getAttribute('class'), 'ok');
    assert.equal(await page.locator('li[data-rule="requires_digit"]').getAttribute('class'), 'ok');
    await screenshotBoth(h, link, 'ru-reset-password', async (p) => {
      await p.getByLabel('Ваш новый пароль').fill('abc1');
    });

    // Server-side errors per rule, the link stays usable.
    await page.getByLabel('Ваш новый пароль').fill('short');
    await page.getByLabel('Повторите пароль').fill('short');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.equal(page.url().includes('token='), false, 'the POST carries the token in the form');
    const fieldError = await page.locator('#f-newPassword-error').textContent();
    assert.ok(fieldError && fieldError.length > 0);
    assert.equal(await page.getByLabel('Ваш новый пароль').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Ваш новый пароль').fill('NewPassw0rd1');
    await page.getByLabel('Повторите пароль').fill('NewPassw0rd1');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Пароль изменён');
    await page.goto(link);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Ссылка недействительна/);
    await signIn(page, 'shop', 'merchant1', 'NewPassw0rd1');
  });

  it('SMS fallback (school): chooser, login + captcha, masked phone, hidden digits, code, new password', async () => {
    const { page } = await h.newPage();
    await page.goto('/realms/school/sign-in');
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Восстановление доступа');
    await screenshotBoth(h, '/realms/school/recovery', 'ru-recovery-chooser');
    await page.getByRole('link', { name: 'Я не помню пароль' }).click();
    assert.ok(await page.getByRole('img', { name: 'Картинка с цифрами' }).isVisible());
    // Refresh the picture (the script swaps it without leaving the page).
    const before = await page.locator('input[name="captchaId"]').inputValue();
    await page.getByRole('button', { name: 'Показать другую картинку' }).click();
    // Polled from the test, not with waitForFunction: that evaluates a string in the page,
    // which our CSP (no unsafe-eval) refuses.
    let after = before;
    for (let i = 0; i < 200 && after === before; i++) {
      await page.waitForTimeout(50);
      after = await page.locator('input[name="captchaId"]').inputValue();
    }
    assert.notEqual(after, before, 'the captcha was refreshed');
    await screenshot(page, 'ru-recovery-password-desktop');
    await page.getByLabel('Введите логин').fill('petrov.ivan');
    await page.getByLabel('Введите символы с картинки').fill('00000');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /цифры с картинки/);
    assert.equal(await page.getByLabel('Введите логин').inputValue(), 'petrov.ivan');
    await page.getByLabel('Введите символы с картинки').fill('12345');
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('link', { name: 'Мне не пришло письмо, восстановить пароль по телефону' }).click();
    assert.ok(await page.getByText('7953354****').isVisible());
    await screenshot(page, 'ru-recovery-sms-digits-desktop');
    await page.getByLabel('Недостающие цифры номера телефона').fill('9999');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Цифры номера телефона указаны неверно\. Осталось попыток: 2\./);
    await page.getByLabel('Недостающие цифры номера телефона').fill('1234');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.ok(await page.getByText('Код подтверждения был отправлен в SMS на мобильный телефон 7953354****.').isVisible());
    await screenshot(page, 'ru-recovery-sms-code-desktop');
    const sms = await lastDeliveredMessage(h.t, { to: '+79533541234', channel: 'sms' });
    const code = codeIn(sms!);
    assert.ok(code);
    await page.getByLabel('Введите код подтверждения').fill(code);
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Выберите свой новый пароль');
    await page.getByLabel('Ваш новый пароль').fill('violet elephants dance at noon');
    await page.getByLabel('Повторите пароль').fill('violet elephants dance at noon');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Пароль изменён');
    await signIn(page, 'school', 'petrov.ivan', 'violet elephants dance at noon');
  });

  it('forgot login (school): e-mail, date of birth, captcha; the login arrives by e-mail', async () => {
    const { page } = await h.newPage();
    await page.goto('/realms/school/recovery');
    await page.getByRole('link', { name: 'Я не помню логин', exact: true }).click();
    assert.equal(await page.locator('h1').textContent(), 'Я не помню логин');
    await screenshotBoth(h, '/realms/school/recovery/login', 'ru-recovery-login');
    await page.getByLabel('Введите email').fill('ivan@example.org');
    await chooseBirthDate(page, '17', '4', '2008');
    await page.getByLabel('Введите символы с картинки').fill('12345');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.ok(await page.getByRole('link', { name: 'Назад к авторизации' }).isVisible());
    const mail = await lastDeliveredMessage(h.t, { to: 'ivan@example.org', notice: 'login-reminder' });
    assert.ok(mail);
    assert.match(mail.text, /petrov\.ivan/);
  });

  it('forgot both (school): phone, date of birth, captcha; the SMS carries the login and a reset link', async () => {
    const { page } = await h.newPage();
    await page.goto('/realms/school/recovery');
    await page.getByRole('link', { name: 'Я не помню логин и пароль' }).click();
    await page.getByLabel('Номер мобильного телефона').fill('+79530001122');
    await chooseBirthDate(page, '3', '11', '2009');
    await page.getByLabel('Введите символы с картинки').fill('12345');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.ok(await page.getByRole('link', { name: 'Назад к авторизации' }).isVisible());
    const sms = await lastDeliveredMessage(h.t, { to: '+79530001122', notice: 'login-and-reset-link' });
    assert.ok(sms);
    assert.match(sms.text, /sidorova\.anna/);
    await page.goto(local(h, linkIn(sms)));
    await page.getByLabel('Ваш новый пароль').fill('quiet rivers run deep again');
    await page.getByLabel('Повторите пароль').fill('quiet rivers run deep again');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Пароль изменён');
    await signIn(page, 'school', 'sidorova.anna', 'quiet rivers run deep again');
  });

  it('keeps the answer the same for an unknown account in a uniform realm (no disclosure on the page)', async () => {
    await patchRealm(h.t, 'school', {});
    const { page } = await h.newPage();
    await page.goto('/realms/school/recovery/password');
    await page.getByLabel('Введите логин').fill('nobody.here');
    await page.getByLabel('Введите символы с картинки').fill('12345');
    await page.getByRole('button', { name: 'Далее' }).click();
    assert.ok(await page.getByRole('link', { name: 'Назад к авторизации' }).isVisible());
    assert.equal(await page.getByRole('alert').count(), 0);
  });
});

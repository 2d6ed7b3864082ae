import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { RealmLogoService } from '../../src/security-centre/realm-logo.service';
import { RealmsService } from '../../src/realms/realms.service';
import { createUser, patchRealm } from '../helpers/fixtures';
import { TEST_ADMIN } from '../helpers/test-app';
import { solidPng } from '../helpers/images';
import { BrowserHarness, screenshot, startBrowserHarness } from './browser';

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/realms/demo/sign-in');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** The computed background colour (runs in the page). */
const bg = (el: unknown): string => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;

describe('browser: security centre and branding', () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
    await createUser(h.t, { login: 'irina', password: 'irina passphrase 1', locale: 'ru' });
  });
  after(() => h?.close());

  it('lists the sessions on the account page and ends another one, then all others', async () => {
    const { page: phone } = await h.newPage({ width: 390, height: 800 });
    await signIn(phone, 'irina', 'irina passphrase 1');
    await phone.waitForURL(/\/account$/);
    const { page: laptop } = await h.newPage();
    await signIn(laptop, 'irina', 'irina passphrase 1');
    const { page } = await h.newPage();
    await signIn(page, 'irina', 'irina passphrase 1');
    await page.waitForURL(/\/account$/);
    const section = page.getByRole('region', { name: 'Где выполнен вход' });
    assert.equal(await section.locator('tbody tr').count(), 3);
    assert.match((await section.locator('tr.current').textContent()) ?? '', /Chrome на Linux[\s\S]*это устройство/);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'ru-account-sessions-desktop');

    await section.locator('tbody tr:not(.current)').first().getByRole('button', { name: 'Завершить' }).click();
    await page.waitForURL(/done=session_ended/);
    assert.ok(await page.getByText('Сеанс завершён.').isVisible());
    assert.equal(await page.getByRole('region', { name: 'Где выполнен вход' }).locator('tbody tr').count(), 2);

    await page.getByRole('button', { name: 'Завершить все другие сеансы' }).click();
    await page.waitForURL(/done=sessions_ended/);
    assert.equal(await page.getByRole('region', { name: 'Где выполнен вход' }).locator('tbody tr').count(), 1);
    assert.ok(await page.getByText('Вход выполнен только на этом устройстве.').isVisible());
    for (const other of [phone, laptop]) {
      await other.goto('/realms/demo/account');
      assert.match(other.url(), /\/sign-in/, 'the ended session is signed out');
    }
  });

  it('shows the realm’s name, logo and colour in the header, and the admin form previews them', async () => {
    const realm = (await h.t.get(RealmsService).findBySlug('demo', { fresh: true }))!;
    const admin = (await h.t.dataSource.query(`SELECT "id" FROM "users" WHERE "login" = 'admin'`))[0].id as string;
    await patchRealm(h.t, 'demo', { displayName: 'Гимназия № 7', branding: { primaryColor: '#7A1F5C' } });
    await h.t.get(RealmLogoService).put({ realmId: realm.id, actorId: admin, contentType: 'image/png', data: solidPng(32, 32, [240, 180, 40]), ip: null });
    h.t.get(RealmsService).forgetCached();

    const { page } = await h.newPage();
    await page.goto('/realms/demo/sign-in');
    assert.match(await page.title(), /Гимназия № 7$/);
    const header = page.locator('header.top');
    assert.equal((await header.locator('.realm').textContent())?.trim(), 'Гимназия № 7');
    const logo = header.locator('img');
    await logo.waitFor();
    assert.equal(await logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 32, 'the logo loads under the CSP');
    assert.equal(await header.evaluate(bg), 'rgb(79, 20, 60)');
    assert.equal(await page.getByRole('button', { name: 'Войти' }).evaluate(bg), 'rgb(122, 31, 92)');
    await screenshot(page, 'ru-branded-sign-in-desktop');

    await signIn(page, TEST_ADMIN.login, TEST_ADMIN.password);
    await page.goto('/realms/demo/admin/settings');
    assert.equal(await page.getByLabel('Название', { exact: true }).inputValue(), 'Гимназия № 7');
    assert.ok(await page.locator('.preview img').isVisible());
    await page.getByLabel('Основной цвет').fill('#FFFF00');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    assert.equal(await page.getByLabel('Основной цвет').getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#s-branding-primaryColor-error').textContent()) ?? '', /контраст/);
    await screenshot(page, 'ru-admin-settings-form-desktop');
    await page.getByLabel('Основной цвет').fill('#1F4E79');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/done=saved/);
    assert.equal(await page.getByLabel('Основной цвет').inputValue(), '#1F4E79');
  });
});

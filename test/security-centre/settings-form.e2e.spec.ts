import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { GetRealmSettingsUseCase } from '../../src/admin/use-cases/get-realm-settings.use-case';
import { RealmsService } from '../../src/realms/realms.service';
import { FakeClock } from '../fakes/fake-clock';
import { createUser } from '../helpers/fixtures';
import { solidPng } from '../helpers/images';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

type Agent = ReturnType<typeof request.agent>;

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page carries a CSRF token');
  return m[1];
}

async function signedIn(t: TestApp, login: string, password: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const token = csrfOf((await agent.get('/realms/demo/sign-in')).text);
  const res = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login, password });
  assert.equal(res.status, 303, `${login} signs in`);
  const account = await agent.get('/realms/demo/account');
  assert.equal(account.status, 200, account.text.slice(0, 3000));
  return { agent, csrf: csrfOf(account.text) };
}

/** Every field of the form as the page fills it in (checkboxes only when ticked). */
function formOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input id="s-[^"]+" name="([^"]+)" type="text"[^>]* value="([^"]*)"/g)) out[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  for (const m of html.matchAll(/<input type="checkbox" id="s-[^"]+" name="([^"]+)" checked/g)) out[m[1]] = 'on';
  for (const m of html.matchAll(/<select id="s-[^"]+" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]] = /<option value="([^"]+)" selected>/.exec(m[2])?.[1] ?? '';
  return out;
}

describe('admin settings form and logo upload (pages)', () => {
  let t: TestApp;
  let admin: { agent: Agent; csrf: string };
  before(async () => {
    // The agent keeps cookies by the wall clock, so the app's clock starts at the real time.
    t = await createTestApp({ clock: new FakeClock(new Date()) });
    admin = await signedIn(t, TEST_ADMIN.login, TEST_ADMIN.password);
  });
  after(() => t.close());

  const settings = async () => {
    const realm = (await t.get(RealmsService).findBySlug('demo', { fresh: true }))!;
    return t.get(GetRealmSettingsUseCase).execute({ realmId: realm.id } as never);
  };

  it('shows a field per setting and saves them; errors stand beside their field and nothing changes', async () => {
    const page = await admin.agent.get('/realms/demo/admin/settings?lang=en');
    assert.equal(page.status, 200);
    const form = formOf(page.text);
    for (const name of ['displayName', 'branding.primaryColor', 'sessionTtlSeconds', 'lockout.maxFailures', 'passwordPolicy.minLength', 'preset', 'defaultLocale', 'locales']) assert.ok(name in form, name);
    assert.match(page.text, /class="preview"/);

    const bad = await admin.agent.post('/realms/demo/admin/settings?lang=en').type('form').send({ ...form, _csrf: admin.csrf, 'branding.primaryColor': '#ffff00', 'passwordPolicy.minLength': 'many' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="s-branding-primaryColor-error">Choose a darker colour/);
    assert.match(bad.text, /id="s-passwordPolicy-minLength-error">/);
    assert.match(bad.text, /value="#ffff00"/, 'keeps what was typed');
    assert.equal((await settings()).branding.primaryColor, '#1F4E79');

    const ok = await admin.agent.post('/realms/demo/admin/settings').type('form').send({ ...form, _csrf: admin.csrf, displayName: ' Лицей № 2 ', 'branding.primaryColor': '#0b5d1e', signInAlerts: 'on', 'lockout.maxFailures': '7' });
    assert.equal(ok.status, 303);
    const s = await settings();
    assert.equal(s.displayName, 'Лицей № 2');
    assert.equal(s.branding.primaryColor, '#0B5D1E');
    assert.equal(s.signInAlerts, true);
    assert.equal(s.lockout.maxFailures, 7);
    assert.equal(s.passwordPolicy.rejectCommon, true, 'ticked boxes stay ticked');
    assert.equal(s.captcha, false, 'unticked boxes stay off');
  });

  it('speaks the page language in every label, group title and hint', async () => {
    const textsOf = (page: string) => [...page.matchAll(/<(label|legend|h2|button)[^>]*>([\s\S]*?)<\/\1>|<p class="hint"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => (m[2] ?? m[3]).replace(/<[^>]*>/g, '').trim());
    const ru = (await admin.agent.get('/realms/demo/admin/settings?lang=ru')).text;
    const en = (await admin.agent.get('/realms/demo/admin/settings?lang=en')).text;
    const ruTexts = textsOf(ru);
    const enTexts = textsOf(en);
    assert.ok(ruTexts.length > 30, `the form's texts are found (${ruTexts.length})`);
    assert.deepEqual(ruTexts.filter((s) => !/[а-яё]/i.test(s)), [], 'every text on the ru page is Russian');
    assert.deepEqual(enTexts.filter((s) => /[а-яё]/i.test(s)), [], 'no Russian on the en page');
    for (const s of ['Как выглядит шапка', 'Правила для паролей', 'Скрытых цифр телефона', 'Поддерживаются: ru, en', 'Загрузить логотип']) assert.ok(ruTexts.includes(s), s);
    for (const s of ['Header preview', 'Password policy', 'Hidden phone digits', 'Supported: ru, en', 'Upload the logo']) assert.ok(enTexts.includes(s), s);
    assert.match((await admin.agent.get('/realms/demo/admin/settings?logo=too_large&lang=ru')).text, /role="alert"><p>Логотип должен быть не больше 256 КБ\.<\/p>/);
  });

  it('a changed preset applies the preset and keeps the name and look', async () => {
    const form = formOf((await admin.agent.get('/realms/demo/admin/settings')).text);
    const res = await admin.agent.post('/realms/demo/admin/settings').type('form').send({ ...form, _csrf: admin.csrf, preset: 'school', 'lockout.maxFailures': '3' });
    assert.equal(res.status, 303);
    const s = await settings();
    assert.equal(s.preset, 'school');
    assert.equal(s.captcha, true);
    assert.equal(s.lockout.maxFailures, 10, 'the preset value, not the stale form value');
    assert.equal(s.displayName, 'Лицей № 2');
  });

  it('uploads and removes the logo from the page (multipart, CSRF checked); refuses bad files with a message', async () => {
    const up = await admin.agent.post('/realms/demo/admin/settings/logo').field('_csrf', admin.csrf).attach('logo', solidPng(4, 4, [10, 20, 30]), { filename: 'logo.png', contentType: 'image/png' });
    assert.equal(up.status, 303);
    assert.match(up.headers.location, /logo=saved/);
    assert.equal((await t.http().get('/realms/demo/logo')).status, 200);

    const svg = await admin.agent.post('/realms/demo/admin/settings/logo').field('_csrf', admin.csrf).attach('logo', Buffer.from('<svg/>'), { filename: 'x.svg', contentType: 'image/svg+xml' });
    assert.match(svg.headers.location, /logo=invalid/);
    const big = await admin.agent.post('/realms/demo/admin/settings/logo').field('_csrf', admin.csrf).attach('logo', Buffer.concat([solidPng(2, 2, [0, 0, 0]), Buffer.alloc(300 * 1024)]), { filename: 'big.png', contentType: 'image/png' });
    assert.match(big.headers.location, /logo=too_large/);
    const page = await admin.agent.get(`/realms/demo/admin/settings?logo=too_large&lang=en`);
    assert.match(page.text, /The logo must be at most 256 KiB/);

    const forged = await admin.agent.post('/realms/demo/admin/settings/logo').attach('logo', solidPng(4, 4, [200, 0, 0]), { filename: 'logo.png', contentType: 'image/png' });
    assert.equal(forged.status, 403, 'no CSRF token');

    await createUser(t, { login: 'someone', password: 'someone passphrase 1' });
    const user = await signedIn(t, 'someone', 'someone passphrase 1');
    const notAdmin = await user.agent.post('/realms/demo/admin/settings/logo').field('_csrf', user.csrf).attach('logo', solidPng(4, 4, [200, 0, 0]), { filename: 'logo.png', contentType: 'image/png' });
    assert.equal(notAdmin.status, 403);

    const removed = await admin.agent.post('/realms/demo/admin/settings/logo/delete').type('form').send({ _csrf: admin.csrf });
    assert.equal(removed.status, 303);
    assert.equal((await t.http().get('/realms/demo/logo')).status, 404);
  });
});

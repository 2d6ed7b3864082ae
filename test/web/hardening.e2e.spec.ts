import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { UserEntity } from '../../src/users/entities/user.entity';
import { UsersService } from '../../src/users/users.service';
import { FakeClock } from '../fakes/fake-clock';
import { createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

type Agent = ReturnType<typeof request.agent>;

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page carries a CSRF token');
  return m[1];
}

async function signedIn(t: TestApp, login: string, password: string, acceptLanguage = 'ru'): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app.getHttpServer());
  const token = csrfOf((await agent.get('/realms/demo/sign-in').set('Accept-Language', acceptLanguage)).text);
  const res = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login, password });
  assert.equal(res.status, 303, `${login} signs in`);
  return { agent, csrf: csrfOf((await agent.get('/realms/demo/account').set('Accept-Language', acceptLanguage)).text) };
}

describe('web pages: odd input, reloads, the user language', () => {
  let t: TestApp;
  let pupil: UserEntity;
  before(async () => {
    t = await createTestApp({ clock: new FakeClock(new Date()) });
    await createUser(t, { login: 'boss', password: 'boss passphrase long', roles: ['realm_admin'], locale: 'ru' });
    pupil = await createUser(t, { login: 'pupil', password: 'pupil passphrase long', email: 'pupil@example.org', emailVerified: true });
    await createUser(t, { login: 'eve', password: 'eve passphrase long', locale: 'en' });
  });
  after(() => t.close());

  it('answers arrays and objects in form fields with a 4xx page, never 500', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const token = csrfOf((await agent.get('/realms/demo/sign-in')).text);
    const arr = await agent.post('/realms/demo/sign-in').type('form').send(`_csrf=${encodeURIComponent(token)}&login[]=x&password[a]=y`);
    assert.ok(arr.status >= 400 && arr.status < 500, `status ${arr.status}`);
    assert.match(arr.headers['content-type'], /^text\/html/);
    const csrfArray = await agent.post('/realms/demo/sign-in').type('form').send(`_csrf[]=${encodeURIComponent(token)}&login=x&password=y`);
    assert.equal(csrfArray.status, 403);
    const huge = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login: 'x'.repeat(100_000), password: 'y' });
    assert.ok(huge.status >= 400 && huge.status < 500, `status ${huge.status}`);
    const tokenArray = await agent.get('/realms/demo/reset-password?token[]=x&token[]=y');
    assert.ok(tokenArray.status >= 400 && tokenArray.status < 500, `status ${tokenArray.status}`);
  });

  it('admin pages answer a malformed id or user filter with 4xx, never 500', async () => {
    const boss = await signedIn(t, 'boss', 'boss passphrase long');
    const badId = await boss.agent.get('/realms/demo/admin/users/not-a-uuid');
    assert.equal(badId.status, 404);
    const audit = await boss.agent.get('/realms/demo/admin/audit?userId=not-a-uuid%27');
    assert.ok(audit.status < 500, `status ${audit.status}`);
    const flow = await request(t.app.getHttpServer()).get('/realms/demo/recovery/flows/not-a-uuid/sms');
    assert.ok(flow.status >= 400 && flow.status < 500, `status ${flow.status}`);
  });

  it('reloading the temporary-password answer (the same POST again) does not issue another password', async () => {
    const boss = await signedIn(t, 'boss', 'boss passphrase long');
    const page = await boss.agent.get(`/realms/demo/admin/users/${pupil.id}`);
    const form = /<form method="post" action="[^"]*\/reset-access"[^>]*>(.*?)<\/form>/gs;
    const forms = [...page.text.matchAll(form)].map((m) => m[1]).filter((f) => f.includes('value="temporary-password"'));
    assert.equal(forms.length, 1);
    const fields: Record<string, string> = {};
    for (const m of forms[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&');
    const first = await boss.agent.post(`/realms/demo/admin/users/${pupil.id}/reset-access`).type('form').send(fields);
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], 'no-store');
    const shown = /id="temporary-password">([^<]+)</.exec(first.text)?.[1];
    assert.ok(shown && shown.length >= 8);
    const hash = (await t.get(UsersService).findById(pupil.realmId, pupil.id))!.passwordHash;
    // The browser's reload sends the very same form again.
    const reload = await boss.agent.post(`/realms/demo/admin/users/${pupil.id}/reset-access`).type('form').send(fields);
    assert.equal(reload.status, 409);
    assert.equal(reload.headers['cache-control'], 'no-store');
    assert.doesNotMatch(reload.text, /id="temporary-password"/, 'neither the old password nor a new one');
    assert.match(reload.text, /role="alert"/);
    assert.equal((await t.get(UsersService).findById(pupil.realmId, pupil.id))!.passwordHash, hash, 'nothing was issued');
    // The answer's own (fresh) form issues a new one on purpose.
    const again = [...reload.text.matchAll(form)].map((m) => m[1]).find((f) => f.includes('value="temporary-password"'))!;
    const fresh: Record<string, string> = {};
    for (const m of again.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fresh[m[1]] = m[2].replace(/&amp;/g, '&');
    const second = await boss.agent.post(`/realms/demo/admin/users/${pupil.id}/reset-access`).type('form').send(fresh);
    assert.equal(second.status, 200);
    assert.match(second.text, /id="temporary-password">/);
  });

  it("pages follow the signed-in user's language, which they can set on the account page", async () => {
    const eve = await signedIn(t, 'eve', 'eve passphrase long', 'ru');
    const page = await eve.agent.get('/realms/demo/account').set('Accept-Language', 'ru');
    assert.match(page.text, /<html lang="en">/, 'the user setting outranks Accept-Language');
    assert.match(page.text, /<label for="f-locale">[^<]+<\/label>\s*<select id="f-locale" name="locale">/);
    const forged = await eve.agent.post('/realms/demo/account/locale').type('form').send({ locale: 'ru' });
    assert.equal(forged.status, 403);
    const bad = await eve.agent.post('/realms/demo/account/locale').type('form').send(`_csrf=${encodeURIComponent(eve.csrf)}&locale[]=ru`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /role="alert"/);
    assert.match(bad.text, /aria-describedby="f-locale-error"/);
    const saved = await eve.agent.post('/realms/demo/account/locale').type('form').send({ _csrf: eve.csrf, locale: 'ru' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.location, '/realms/demo/account?done=saved');
    assert.equal((await t.get(UsersService).findByLogin(pupil.realmId, 'eve'))?.locale, 'ru');
    const after = await eve.agent.get('/realms/demo/account?done=saved').set('Accept-Language', 'en');
    assert.match(after.text, /<html lang="ru">/);
    assert.match(after.text, /Сохранено\./);
  });

  it('replaces the pre-session cookie at sign-in', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const first = await agent.get('/realms/demo/sign-in');
    const psidOf = (res: { headers: Record<string, unknown> }) =>
      ((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => /^psid=([^;]+)/.exec(c)?.[1]).find(Boolean);
    const before = psidOf(first);
    assert.ok(before);
    const res = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: csrfOf(first.text), login: 'boss', password: 'boss passphrase long' });
    assert.equal(res.status, 303);
    const after = psidOf(res);
    assert.ok(after && after !== before, 'a new psid is set with the session');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { RealmsService } from '../../src/realms/realms.service';
import { FakeClock } from '../fakes/fake-clock';
import { createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the form carries a CSRF token');
  return m[1];
}

describe('web pages over HTTP', () => {
  let t: TestApp;
  before(async () => {
    // Cookie jars honour expiry by the wall clock: start the app clock now.
    t = await createTestApp({ clock: new FakeClock(new Date()) });
    await createUser(t, { login: 'anna', password: 'correct horse battery staple', locale: 'en' });
  });
  after(() => t.close());

  it('redirects / to the default realm sign-in', async () => {
    const res = await t.http().get('/');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/realms/demo/sign-in');
  });

  it('sends strict security headers and no-store on pages', async () => {
    const res = await t.http().get('/realms/demo/sign-in');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
    const csp = res.headers['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.text, /<script>|<style>| style="| on\w+="/, 'no inline scripts, styles or handlers');
  });

  it('serves its stylesheet and script as files', async () => {
    const css = await t.http().get('/assets/web.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    const js = await t.http().get('/assets/web.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /^text\/javascript/);
    assert.equal((await t.http().get('/assets/../package.json')).status, 404);
  });

  it('refuses a form without the CSRF token, or with a token of another browser', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/realms/demo/sign-in');
    const token = csrfOf(page.text);
    const missing = await agent.post('/realms/demo/sign-in').type('form').send({ login: 'anna', password: 'correct horse battery staple' });
    assert.equal(missing.status, 403);
    assert.match(missing.headers['content-type'], /^text\/html/);
    assert.equal((missing.headers['set-cookie'] as unknown as string[] | undefined)?.some((c: string) => c.startsWith('sid=')) ?? false, false);
    const other = await t.http().post('/realms/demo/sign-in').type('form').send({ _csrf: token, login: 'anna', password: 'correct horse battery staple' });
    assert.equal(other.status, 403, 'a token without its cookie is refused');
    const ok = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login: 'anna', password: 'correct horse battery staple' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/realms/demo/account');
    const signOutForged = await agent.post('/realms/demo/sign-out').type('form').send({ _csrf: token });
    assert.equal(signOutForged.status, 403, 'after sign-in the token is bound to the session');
  });

  it('answers a wrong password with the manual sentence and 401, as HTML', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const token = csrfOf((await agent.get('/realms/demo/sign-in').set('Accept-Language', 'ru')).text);
    const res = await agent.post('/realms/demo/sign-in').set('Accept-Language', 'ru').type('form').send({ _csrf: token, login: 'anna', password: 'wrong' });
    assert.equal(res.status, 401);
    assert.match(res.text, /role="alert"[^>]*>\s*<p>Извините, пользователь с такими логином и паролем не зарегистрирован в системе<\/p>/);
    assert.match(res.text, /name="login" type="text" value="anna"/);
    assert.doesNotMatch(res.text, /value="wrong"/);
  });

  it('chooses the language: switcher cookie, then the user setting, then Accept-Language, then the realm default', async () => {
    const byHeader = await t.http().get('/realms/demo/sign-in').set('Accept-Language', 'ru-RU,ru;q=0.9,en;q=0.5');
    assert.match(byHeader.text, /<html lang="ru">/);
    assert.match(byHeader.text, /Вход в личный кабинет/);
    const byDefault = await t.http().get('/realms/demo/sign-in');
    assert.match(byDefault.text, /<html lang="en">/, 'demo is a standard realm: default en');
    const switched = await t.http().get('/realms/demo/sign-in?lang=ru').set('Accept-Language', 'en');
    assert.match(switched.text, /<html lang="ru">/);
    const cookie = (switched.headers['set-cookie'] as unknown as string[]).find((c: string) => c.startsWith('lang=ru'));
    assert.ok(cookie);
    const langCookie: string = cookie;
    const kept = await t.http().get('/realms/demo/sign-in').set('Accept-Language', 'en').set('Cookie', langCookie.split(';')[0]);
    assert.match(kept.text, /<html lang="ru">/);
    const bogus = await t.http().get('/realms/demo/sign-in?lang=xx').set('Accept-Language', 'ru');
    assert.match(bogus.text, /<html lang="ru">/);

    const agent = request.agent(t.app.getHttpServer());
    const token = csrfOf((await agent.get('/realms/demo/sign-in')).text);
    await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login: 'anna', password: 'correct horse battery staple' });
    const account = await agent.get('/realms/demo/account').set('Accept-Language', 'ru');
    assert.match(account.text, /<html lang="en">/, "the user's own setting wins over Accept-Language");
  });

  it('escapes every value it renders', async () => {
    await t.get(RealmsService).create('xss', '<img src=x onerror=alert(1)>', 'merchant');
    const page = await t.http().get('/realms/xss/sign-in');
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.match(page.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const agent = request.agent(t.app.getHttpServer());
    const token = csrfOf((await agent.get('/realms/demo/sign-in')).text);
    const res = await agent.post('/realms/demo/sign-in').type('form').send({ _csrf: token, login: '"><script>alert(1)</script>', password: 'x' });
    assert.equal(res.status, 401);
    assert.doesNotMatch(res.text, /<script>alert/);
    assert.match(res.text, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    const lang = await t.http().get('/realms/demo/sign-in?lang=en&x="><b>');
    assert.doesNotMatch(lang.text, /"><b>/);
  });

  it('renders unknown realms and missing sessions as pages, not JSON', async () => {
    const missing = await t.http().get('/realms/nope/sign-in');
    assert.equal(missing.status, 404);
    assert.match(missing.headers['content-type'], /^text\/html/);
    const account = await t.http().get('/realms/demo/account');
    assert.equal(account.status, 303);
    assert.equal(account.headers.location, '/realms/demo/sign-in');
  });
});

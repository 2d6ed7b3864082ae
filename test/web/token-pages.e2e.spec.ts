import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ResetTokensService } from '../../src/recovery/reset-tokens.service';
import { RealmsService } from '../../src/realms/realms.service';
import { FakeClock } from '../fakes/fake-clock';
import { createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('web pages that carry a token', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await createTestApp({ clock: new FakeClock(new Date()) });
    const user = await createUser(t, { login: 'anna', password: 'correct horse battery staple', email: 'anna@example.org', emailVerified: true });
    const realm = (await t.get(RealmsService).findBySlug('demo'))!;
    token = (await t.get(ResetTokensService).issue({ realmId: realm.id, realmSlug: 'demo', userId: user.id, ttlSeconds: 3600 })).token;
  });
  after(() => t.close());

  it('sends no-referrer, no-store and the strict CSP on the reset page, and opening it spends nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.http().get(`/realms/demo/reset-password?token=${token}`).set('Accept-Language', 'ru');
      assert.equal(res.status, 200);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.headers['content-security-policy'], /frame-ancestors 'none'/);
      assert.match(res.headers['content-security-policy'], /script-src 'self'/);
      assert.match(res.text, /Выберите свой новый пароль/);
      assert.match(res.text, /<meta name="referrer" content="no-referrer">/);
    }
    const dead = await t.http().get('/realms/demo/reset-password?token=nope');
    assert.equal(dead.status, 410);
    assert.equal(dead.headers['referrer-policy'], 'no-referrer');
  });

  it('refuses a reset or a recovery request without the CSRF token', async () => {
    const reset = await t.http().post('/realms/demo/reset-password').type('form').send({ token, newPassword: 'a brand new passphrase 1', newPasswordConfirm: 'a brand new passphrase 1' });
    assert.equal(reset.status, 403);
    const recovery = await t.http().post('/realms/demo/recovery/password').type('form').send({ login: 'anna', email: 'anna@example.org' });
    assert.equal(recovery.status, 403);
    // The link still works: nothing was spent by the refused request.
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get(`/realms/demo/reset-password?token=${token}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const ok = await agent.post('/realms/demo/reset-password').type('form').send({ _csrf: csrf, token, newPassword: 'a brand new passphrase 1', newPasswordConfirm: 'a brand new passphrase 1' });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /Password changed|Пароль изменён/);
  });
});

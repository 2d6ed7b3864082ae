import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

describe('sign-in and sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createUser(t, { login: 'Anna.K', password: 'a long enough passphrase 1', email: 'anna@example.org', emailVerified: true });
  });
  after(() => t.close());

  it('signs in case-insensitively and answers token, expiry, user and an HttpOnly SameSite cookie', async () => {
    const res = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'anna.k', password: 'a long enough passphrase 1' });
    assert.equal(res.status, 200);
    assert.equal(res.body.tokenType, 'Bearer');
    assert.ok(Buffer.from(res.body.accessToken, 'base64url').length >= 32);
    assert.equal(res.body.expiresAt, new Date(t.clock.now().getTime() + 28800_000).toISOString());
    assert.equal(res.body.user.login, 'Anna.K');
    assert.deepEqual(res.body.user.roles, ['user']);
    assert.equal(res.body.user.mustChangePassword, false);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^sid=${res.body.accessToken};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);
  });

  it('answers every failure with the same 401 invalid_credentials, the manual sentence in ru', async () => {
    const wrong = await t.http().post('/api/v1/realms/demo/auth/login').set('Accept-Language', 'ru').send({ login: 'anna.k', password: 'nope' });
    const unknown = await t.http().post('/api/v1/realms/demo/auth/login').set('Accept-Language', 'ru').send({ login: 'ghost', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.deepEqual(wrong.body, { statusCode: 401, code: 'invalid_credentials', message: 'Извините, пользователь с такими логином и паролем не зарегистрирован в системе' });
  });

  it('reads the session by bearer token or cookie, and logout ends only that session', async () => {
    const a = await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password);
    const b = await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password);
    const byBearer = await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', a.auth);
    assert.equal(byBearer.status, 200);
    assert.equal(byBearer.body.user.login, 'admin');
    const byCookie = await t.http().get('/api/v1/realms/demo/auth/session').set('Cookie', `sid=${b.token}`);
    assert.equal(byCookie.status, 200);
    assert.equal((await t.http().post('/api/v1/realms/demo/auth/logout').set('Authorization', a.auth)).status, 204);
    const after = await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', a.auth);
    assert.equal(after.status, 401);
    assert.equal(after.body.code, 'unauthenticated');
    assert.equal((await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', b.auth)).status, 200);
    const ended = await t.dataSource.getRepository(AuditEventEntity).find({ where: { type: 'session.ended' } });
    assert.equal(ended.length, 1);
    assert.deepEqual(ended[0].details, { reason: 'logout' });
  });

  it('expires sessions after the realm sessionTtlSeconds', async () => {
    const s = await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password);
    t.clock.advanceSeconds(28800);
    const res = await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', s.auth);
    assert.equal(res.status, 401);
    t.clock.advanceSeconds(-28800);
  });
});

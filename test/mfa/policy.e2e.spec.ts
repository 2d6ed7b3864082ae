import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRealm, createUser, loginAs, patchRealm } from '../helpers/fixtures';
import { totpNow } from '../helpers/mfa';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const PASSWORD = 'a long enough passphrase 1';

describe('realm MFA policy', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'shop', 'merchant');
    await createRealm(t, 'school', 'school');
    admin = (await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password)).auth;
  });
  after(() => t.close());

  it('every preset has mfa.required off; a realm admin sets it; a bad value is 400 validation_failed', async () => {
    const settings = await t.http().get('/api/v1/realms/demo/admin/realm').set('Authorization', admin).expect(200);
    assert.deepEqual(settings.body.settings?.mfa ?? settings.body.mfa, { required: 'off' });
    const bad = await t.http().patch('/api/v1/realms/demo/admin/realm').set('Authorization', admin).send({ mfa: { required: 'sometimes' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'validation_failed');
    assert.equal(bad.body.details.fields[0].field, 'mfa.required');
    const extra = await t.http().patch('/api/v1/realms/demo/admin/realm').set('Authorization', admin).send({ mfa: { required: 'all', other: 1 } });
    assert.equal(extra.status, 400);
  });

  it('staff: a user with a role and no factor gets an enrolment-only session until a factor is enrolled', async () => {
    const patched = await t.http().patch('/api/v1/realms/demo/admin/realm').set('Authorization', admin).send({ mfa: { required: 'staff' } }).expect(200);
    assert.deepEqual(patched.body.settings?.mfa ?? patched.body.mfa, { required: 'staff' });
    await createUser(t, { login: 'staffer', password: PASSWORD, roles: ['org_admin'], organizationId: null });
    await createUser(t, { login: 'ordinary', password: PASSWORD });
    const login = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'staffer', password: PASSWORD }).expect(200);
    assert.equal(login.body.user.mfaEnrollmentRequired, true);
    const auth = `Bearer ${login.body.accessToken}`;
    const blocked = await t.http().get('/api/v1/realms/demo/me').set('Authorization', auth);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'mfa_enrollment_required');
    assert.equal((await t.http().get('/api/v1/realms/demo/admin/users').set('Authorization', auth)).body.code, 'mfa_enrollment_required');
    const session = await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', auth).expect(200);
    assert.equal(session.body.user.mfaEnrollmentRequired, true);
    const status = await t.http().get('/api/v1/realms/demo/me/mfa').set('Authorization', auth).expect(200);
    assert.equal(status.body.required, true);
    await t.http().post('/api/v1/realms/demo/me/passkeys/options').set('Authorization', auth).expect(200);
    const start = await t.http().post('/api/v1/realms/demo/me/mfa/totp').set('Authorization', auth).expect(201);
    await t.http().post('/api/v1/realms/demo/me/mfa/totp/confirm').set('Authorization', auth).send({ code: totpNow(t, start.body.secret) }).expect(200);
    await t.http().get('/api/v1/realms/demo/me').set('Authorization', auth).expect(200);
    assert.equal((await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', auth)).body.user.mfaEnrollmentRequired, false);

    const plain = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'ordinary', password: PASSWORD }).expect(200);
    assert.equal(plain.body.user.mfaEnrollmentRequired, false, 'staff policy skips users without a role');
    await t.http().post('/api/v1/realms/demo/auth/logout').set('Authorization', auth).expect(204);
    assert.equal((await t.http().get('/api/v1/realms/demo/admin/realm').set('Authorization', admin)).body.code, 'mfa_enrollment_required', 'the realm admin is staff too');
    await patchRealm(t, 'demo', { mfa: { required: 'off' } });
  });

  it('a temporary password under the policy: the forced change comes first, then the enrolment-only session, then full access', async () => {
    const created = await t.http().post('/api/v1/realms/demo/admin/users').set('Authorization', admin).send({ login: 'newcomer' }).expect(201);
    const reset = await t.http().post(`/api/v1/realms/demo/admin/users/${created.body.id}/reset-access`).set('Authorization', admin).send({ method: 'temporary-password' }).expect(200);
    const temporary = reset.body.temporaryPassword as string;
    await patchRealm(t, 'demo', { mfa: { required: 'all' } });
    try {
      const login = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'newcomer', password: temporary }).expect(200);
      assert.equal(login.body.user.mustChangePassword, true);
      assert.equal(login.body.user.mfaEnrollmentRequired, true);
      const auth = `Bearer ${login.body.accessToken}`;

      // The forced change first: the enrolment routes wait for it, as every other route does.
      for (const [method, path] of [['get', '/me'], ['get', '/me/mfa'], ['post', '/me/mfa/totp'], ['post', '/me/passkeys/options']] as const) {
        const res = await t.http()[method](`/api/v1/realms/demo${path}`).set('Authorization', auth);
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.code, 'password_change_required', `${method} ${path}`);
      }
      await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', auth).expect(200);
      const changed = await t.http().post('/api/v1/realms/demo/auth/password').set('Authorization', auth).send({ currentPassword: temporary, newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
      assert.equal(changed.status, 204, JSON.stringify(changed.body));

      // Then the same session is enrolment-only.
      const session = await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', auth).expect(200);
      assert.equal(session.body.user.mustChangePassword, false);
      assert.equal(session.body.user.mfaEnrollmentRequired, true);
      const blocked = await t.http().get('/api/v1/realms/demo/me').set('Authorization', auth);
      assert.equal(blocked.status, 403);
      assert.equal(blocked.body.code, 'mfa_enrollment_required');
      const again = await t.http().post('/api/v1/realms/demo/auth/password').set('Authorization', auth).send({ currentPassword: PASSWORD, newPassword: 'another long passphrase 2', newPasswordConfirm: 'another long passphrase 2' });
      assert.equal(again.status, 403, 'a change of the user\'s own accord waits for the enrolment');
      assert.equal(again.body.code, 'mfa_enrollment_required');

      const start = await t.http().post('/api/v1/realms/demo/me/mfa/totp').set('Authorization', auth).expect(201);
      const confirm = await t.http().post('/api/v1/realms/demo/me/mfa/totp/confirm').set('Authorization', auth).send({ code: totpNow(t, start.body.secret) }).expect(200);
      assert.equal(confirm.body.recoveryCodes.length, 10);

      // Then full access.
      const me = await t.http().get('/api/v1/realms/demo/me').set('Authorization', auth).expect(200);
      assert.equal(me.body.login, 'newcomer');
      assert.equal((await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', auth)).body.user.mfaEnrollmentRequired, false);
    } finally {
      await patchRealm(t, 'demo', { mfa: { required: 'off' } });
    }
  });

  it('all: every user is covered', async () => {
    await patchRealm(t, 'demo', { mfa: { required: 'all' } });
    try {
      const plain = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'ordinary', password: PASSWORD }).expect(200);
      assert.equal(plain.body.user.mfaEnrollmentRequired, true);
      assert.equal((await t.http().get('/api/v1/realms/demo/me').set('Authorization', `Bearer ${plain.body.accessToken}`)).status, 403);
      await t.http().post('/api/v1/realms/demo/auth/logout').set('Authorization', `Bearer ${plain.body.accessToken}`).expect(204);
      const self = await t.http().get('/api/v1/realms/demo/admin/realm').set('Authorization', admin);
      assert.equal(self.body.code, 'mfa_enrollment_required', 'the admin is covered too');
    } finally {
      await patchRealm(t, 'demo', { mfa: { required: 'off' } });
    }
  });
});

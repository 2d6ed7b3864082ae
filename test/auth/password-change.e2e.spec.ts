import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { Notifications } from '../../src/notifications/notifications.port';
import { UsersService } from '../../src/users/users.service';
import { RecordingNotifications } from '../fakes/recording-notifications';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

const OLD = 'abcdefg1';
const NEW = 'newpass22';

describe('POST /auth/password', () => {
  let t: TestApp;
  const rec = new RecordingNotifications();
  const change = (auth: string, body: object, lang = 'en') => t.http().post('/api/v1/realms/shop/auth/password').set('Authorization', auth).set('Accept-Language', lang).send(body);
  const session = (auth: string) => t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', auth);

  before(async () => {
    t = await createTestApp({ configure: (b) => b.overrideProvider(Notifications).useValue(rec) });
    await createRealm(t, 'shop', 'merchant');
  });
  beforeEach(() => rec.clear());
  after(() => t.close());

  it('changes the password, keeps this session, ends the others, audits and notifies the confirmed e-mail in the user locale', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'changer', password: OLD, email: 'changer@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, locale: 'en' });
    const a = await loginAs(t, 'changer', OLD, 'shop');
    const b = await loginAs(t, 'changer', OLD, 'shop');
    const res = await change(a.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW });
    assert.equal(res.status, 204);
    assert.equal((await session(a.auth)).status, 200, 'the current session stays');
    assert.equal((await session(b.auth)).status, 401, 'other sessions are revoked');
    assert.equal((await t.http().post('/api/v1/realms/shop/auth/login').send({ login: 'changer', password: OLD })).status, 401);
    await loginAs(t, 'changer', NEW, 'shop');
    assert.deepEqual(rec.queued, [{ realmId: user.realmId, userId: user.id, notice: 'password-changed', channel: 'email', to: 'changer@example.org', locale: 'en' }]);
    const audit = await t.dataSource.getRepository(AuditEventEntity).find({ where: { userId: user.id, type: 'password.changed' } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorId, user.id);
    assert.doesNotMatch(JSON.stringify(audit), new RegExp(`${OLD}|${NEW}`));
  });

  it('notifies by SMS when only the phone is confirmed (realm default locale), and nobody when nothing is confirmed', async () => {
    await createUser(t, { realm: 'shop', login: 'phoneonly', password: OLD, email: 'x@example.org', emailVerified: false, phone: '+79533541235', phoneVerified: true });
    const s = await loginAs(t, 'phoneonly', OLD, 'shop');
    assert.equal((await change(s.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW })).status, 204);
    assert.deepEqual(rec.queued.map((n) => [n.channel, n.to, n.locale]), [['sms', '+79533541235', 'ru']]);
    rec.clear();
    await createUser(t, { realm: 'shop', login: 'nocontact', password: OLD });
    const n = await loginAs(t, 'nocontact', OLD, 'shop');
    assert.equal((await change(n.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW })).status, 204);
    assert.deepEqual(rec.queued, []);
  });

  it('answers the contract errors: invalid_credentials, password_mismatch, password_policy (all violations, localized), password_change_forbidden', async () => {
    await createUser(t, { realm: 'shop', login: 'errors', password: OLD });
    const s = await loginAs(t, 'errors', OLD, 'shop');
    const wrong = await change(s.auth, { currentPassword: 'nope1234', newPassword: NEW, newPasswordConfirm: NEW });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'invalid_credentials');
    const mismatch = await change(s.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: `${NEW}x` });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.code, 'password_mismatch');
    const policy = await change(s.auth, { currentPassword: OLD, newPassword: 'пароль', newPasswordConfirm: 'пароль' }, 'ru');
    assert.equal(policy.status, 400);
    assert.equal(policy.body.code, 'password_policy');
    assert.deepEqual(policy.body.details.violations, [
      { rule: 'min_length', message: 'Пароль слишком короткий: минимальная длина — 8 симв.' },
      { rule: 'allowed_characters', message: 'Пароль содержит недопустимые символы. Допустимые символы: A–Z, a–z, 0–9.' },
      { rule: 'requires_digit', message: 'Пароль должен содержать хотя бы одну цифру.' },
    ]);
    const same = await change(s.auth, { currentPassword: OLD, newPassword: OLD, newPasswordConfirm: OLD });
    assert.deepEqual(same.body.details.violations, [{ rule: 'history', message: 'The password cannot repeat any of your last 3 passwords.' }]);
    const invalid = await change(s.auth, { currentPassword: OLD, newPassword: NEW });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'validation_failed');
    assert.equal((await session(s.auth)).status, 200, 'failed attempts end nothing');

    await createUser(t, { realm: 'shop', login: 'noright', password: OLD, canChangeOwnPassword: false });
    const f = await loginAs(t, 'noright', OLD, 'shop');
    const forbidden = await change(f.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'password_change_forbidden');
    assert.equal((await t.http().post('/api/v1/realms/shop/auth/password').send({ currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW })).status, 401);
  });

  it('lets a user without the right make the forced change after a temporary password', async () => {
    await createUser(t, { realm: 'shop', login: 'forcednoright', password: OLD, canChangeOwnPassword: false, mustChangePassword: true });
    const f = await loginAs(t, 'forcednoright', OLD, 'shop');
    const res = await change(f.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW });
    assert.equal(res.status, 204);
    const again = await loginAs(t, 'forcednoright', NEW, 'shop');
    assert.equal((await change(again.auth, { currentPassword: NEW, newPassword: 'other1234b', newPasswordConfirm: 'other1234b' })).body.code, 'password_change_forbidden');
  });

  it('refuses the last three passwords and accepts the fourth one back', async () => {
    await createUser(t, { realm: 'shop', login: 'cycler', password: 'pass0000a' });
    const s = await loginAs(t, 'cycler', 'pass0000a', 'shop');
    let current = 'pass0000a';
    for (const next of ['pass1111a', 'pass2222a', 'pass3333a']) {
      assert.equal((await change(s.auth, { currentPassword: current, newPassword: next, newPasswordConfirm: next })).status, 204, next);
      current = next;
    }
    for (const old of ['pass1111a', 'pass2222a', 'pass3333a']) {
      const res = await change(s.auth, { currentPassword: current, newPassword: old, newPasswordConfirm: old });
      assert.equal(res.body.code, 'password_policy', old);
    }
    assert.equal((await change(s.auth, { currentPassword: current, newPassword: 'pass0000a', newPasswordConfirm: 'pass0000a' })).status, 204, 'four back is allowed again');
  });

  it('clears mustChangePassword and a temporary password expiry', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'temporary', password: OLD, mustChangePassword: true, passwordExpiresAt: new Date(t.clock.now().getTime() + 72 * 3600_000) });
    const s = await loginAs(t, 'temporary', OLD, 'shop');
    assert.equal((await change(s.auth, { currentPassword: OLD, newPassword: NEW, newPasswordConfirm: NEW })).status, 204);
    const row = (await t.get(UsersService).findById(user.realmId, user.id))!;
    assert.equal(row.mustChangePassword, false);
    assert.equal(row.passwordExpiresAt, null);
    assert.equal((await session(s.auth)).body.user.mustChangePassword, false);
  });
});

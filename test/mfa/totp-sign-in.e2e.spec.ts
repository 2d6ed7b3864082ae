import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { deliveredMessages, clearDeliveredMessages } from '../helpers/delivered-messages';
import { createUser, loginAs, patchRealm } from '../helpers/fixtures';
import { enrolTotp, startSignIn, totpNow } from '../helpers/mfa';
import { createTestApp, TestApp } from '../helpers/test-app';

const PASSWORD = 'a long enough passphrase 1';
const API = '/api/v1/realms/demo';

describe('TOTP and recovery codes', () => {
  let t: TestApp;
  let n = 0;
  let login: string;
  let auth: string;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    login = `anna${++n}`;
    await createUser(t, { login, password: PASSWORD, email: `${login}@example.org`, emailVerified: true, locale: 'en' });
    auth = (await loginAs(t, login, PASSWORD)).auth;
    clearDeliveredMessages(t);
  });

  it('enrols TOTP: pending secret, wrong code refused, first code confirms and gives 10 recovery codes once', async () => {
    const empty = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.deepEqual(empty.body, { totp: { enabled: false, createdAt: null }, passkeys: [], recoveryCodesLeft: 0, required: false });
    const start = await t.http().post(`${API}/me/mfa/totp`).set('Authorization', auth).expect(201);
    assert.match(start.body.secret, /^[A-Z2-7]{32}$/, '160-bit base32 secret');
    assert.ok(start.body.otpauthUrl.startsWith(`otpauth://totp/demo:${login}?secret=${start.body.secret}&issuer=demo`), start.body.otpauthUrl);
    const wrong = await t.http().post(`${API}/me/mfa/totp/confirm`).set('Authorization', auth).send({ code: '000000' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'code_invalid');
    assert.equal((await t.http().post(`${API}/me/mfa/totp/confirm`).set('Authorization', auth).send({})).body.code, 'validation_failed');
    const ok = await t.http().post(`${API}/me/mfa/totp/confirm`).set('Authorization', auth).send({ code: totpNow(t, start.body.secret) }).expect(200);
    assert.equal(ok.body.recoveryCodes.length, 10);
    assert.equal(new Set(ok.body.recoveryCodes).size, 10);
    for (const code of ok.body.recoveryCodes) assert.match(code, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/, '80 bits each');
    const again = await t.http().post(`${API}/me/mfa/totp`).set('Authorization', auth);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'flow_state_invalid');
    assert.equal((await t.http().post(`${API}/me/mfa/totp/confirm`).set('Authorization', auth).send({ code: '123456' })).status, 409);
    const status = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.equal(status.body.totp.enabled, true);
    assert.equal(status.body.recoveryCodesLeft, 10);
    const [notice] = await deliveredMessages(t, { to: `${login}@example.org`, notice: 'mfa-factor-added' });
    assert.match(notice.text, /authenticator app/);
    assert.doesNotMatch(notice.text, new RegExp(start.body.secret), 'no secret in the notice');
    const rows = await t.dataSource.query('SELECT "secretSealed" FROM mfa_totp');
    assert.ok(rows.every((r: { secretSealed: string }) => !r.secretSealed.includes(start.body.secret)), 'secret sealed at rest');
    const codes = await t.dataSource.query('SELECT "codeHash" FROM mfa_recovery_codes');
    assert.ok(!codes.some((r: { codeHash: string }) => ok.body.recoveryCodes.includes(r.codeHash)));
  });

  it('sign-in stops at the second step (no session, no cookie); a right code gives the login answer; a code works once', async () => {
    const { secret } = await enrolTotp(t, auth);
    const res = await t.http().post(`${API}/auth/login`).send({ login, password: PASSWORD }).expect(200);
    assert.equal(res.body.mfaRequired, true);
    assert.deepEqual(res.body.methods, ['totp', 'recovery_code']);
    assert.equal(res.body.accessToken, undefined);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(new Date(res.body.expiresAt).getTime() - t.clock.now().getTime(), 300_000);
    const wrongPassword = await t.http().post(`${API}/auth/login`).send({ login, password: 'wrong password 123456' });
    assert.equal(wrongPassword.status, 401);
    assert.equal(wrongPassword.body.code, 'invalid_credentials');
    const code = totpNow(t, secret);
    const done = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: res.body.mfaToken, method: 'totp', code }).expect(200);
    assert.equal(done.body.tokenType, 'Bearer');
    assert.equal(done.body.user.login, login);
    assert.match(String(done.headers['set-cookie']), /sid=/);
    await t.http().get(`${API}/auth/session`).set('Authorization', `Bearer ${done.body.accessToken}`).expect(200);
    const spent = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: res.body.mfaToken, method: 'totp', code });
    assert.equal(spent.status, 401, 'the token is spent');
    const replay = await startSignIn(t, login, PASSWORD);
    const again = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: replay.mfaToken, method: 'totp', code });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'code_invalid', 'the same code again is refused');
    const older = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: replay.mfaToken, method: 'totp', code: totpNow(t, secret, -30) });
    assert.equal(older.body.code, 'code_invalid', 'an older step is refused');
    t.clock.advanceSeconds(30);
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: replay.mfaToken, method: 'totp', code: totpNow(t, secret) }).expect(200);
  });

  it('accepts one step of drift either way', async () => {
    const { secret } = await enrolTotp(t, auth);
    const a = await startSignIn(t, login, PASSWORD);
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'totp', code: totpNow(t, secret, 30) }).expect(200);
    t.clock.advanceSeconds(90);
    const b = await startSignIn(t, login, PASSWORD);
    assert.equal((await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'totp', code: totpNow(t, secret, -60) })).body.code, 'code_invalid');
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'totp', code: totpNow(t, secret, -30) }).expect(200);
  });

  it('counts attempts before the check: 5 a token with attemptsLeft, then 423 flow_locked; unknown or expired token 401', async () => {
    await enrolTotp(t, auth);
    const { mfaToken } = await startSignIn(t, login, PASSWORD);
    for (let left = 4; left >= 0; left--) {
      const res = await t.http().post(`${API}/auth/mfa`).send({ mfaToken, method: 'totp', code: '000000' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'code_invalid');
      assert.equal(res.body.details.attemptsLeft, left);
    }
    const locked = await t.http().post(`${API}/auth/mfa`).send({ mfaToken, method: 'totp', code: '000000' });
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'flow_locked');
    const unknown = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: 'nope', method: 'totp', code: '000000' });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'unauthenticated');
    const fresh = await startSignIn(t, login, PASSWORD);
    t.clock.advanceSeconds(301);
    assert.equal((await t.http().post(`${API}/auth/mfa`).send({ mfaToken: fresh.mfaToken, method: 'totp', code: '000000' })).status, 401);
    const bad = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: fresh.mfaToken, method: 'sms', code: '1' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'validation_failed');
  });

  it('wrong second factors count toward the account lockout; a right password alone does not reset the count', async () => {
    await patchRealm(t, 'demo', { lockout: { maxFailures: 3, durationSeconds: 900 } });
    try {
      const { secret } = await enrolTotp(t, auth);
      const a = await startSignIn(t, login, PASSWORD);
      await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'totp', code: '000000' }).expect(400);
      await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'totp', code: '000001' }).expect(400);
      const b = await startSignIn(t, login, PASSWORD);
      await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'totp', code: '000002' }).expect(400);
      const locked = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'totp', code: totpNow(t, secret) });
      assert.equal(locked.status, 423, 'the account is locked now');
      assert.equal((await t.http().post(`${API}/auth/login`).send({ login, password: PASSWORD })).status, 401);
      const events = await t.dataSource.query(`SELECT type FROM audit_events WHERE type IN ('mfa.failed', 'account.locked') ORDER BY "at", "seq"`);
      assert.ok(events.filter((e: { type: string }) => e.type === 'mfa.failed').length >= 3);
      assert.ok(events.some((e: { type: string }) => e.type === 'account.locked'));
    } finally {
      await patchRealm(t, 'demo', { lockout: { maxFailures: 10, durationSeconds: 900 } });
    }
  });

  it('recovery codes: sign in once each, a notice each time, regenerating kills the old ones', async () => {
    const { secret, recoveryCodes } = await enrolTotp(t, auth);
    const a = await startSignIn(t, login, PASSWORD);
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'recovery_code', code: recoveryCodes[0].toLowerCase().replace(/-/g, ' ') }).expect(200);
    const [notice] = await deliveredMessages(t, { to: `${login}@example.org`, notice: 'mfa-recovery-code-used' });
    assert.match(notice.text, /left: 9/);
    const b = await startSignIn(t, login, PASSWORD);
    assert.equal((await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'recovery_code', code: recoveryCodes[0] })).body.code, 'code_invalid');
    assert.equal((await t.http().get(`${API}/me/mfa`).set('Authorization', auth)).body.recoveryCodesLeft, 9);
    const wrong = await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({ code: '000000' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'code_invalid');
    assert.equal((await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({})).body.code, 'validation_failed');
    const fresh = await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({ code: totpNow(t, secret) }).expect(200);
    assert.equal(fresh.body.recoveryCodes.length, 10);
    const c = await startSignIn(t, login, PASSWORD);
    assert.equal((await t.http().post(`${API}/auth/mfa`).send({ mfaToken: c.mfaToken, method: 'recovery_code', code: recoveryCodes[1] })).body.code, 'code_invalid', 'old codes died');
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: c.mfaToken, method: 'recovery_code', code: fresh.body.recoveryCodes[1] }).expect(200);
    const types = (await t.dataSource.query(`SELECT type FROM audit_events WHERE "userId" = (SELECT id FROM users WHERE login = '${login}')`)).map((e: { type: string }) => e.type);
    assert.ok(types.includes('mfa.recovery_code_used'));
    assert.ok(types.includes('mfa.enabled'));
  });

  it('removing TOTP needs a current code or a recovery code; afterwards sign-in gives a session at once', async () => {
    const { recoveryCodes } = await enrolTotp(t, auth);
    const wrong = await t.http().delete(`${API}/me/mfa/totp`).set('Authorization', auth).send({ code: '000000' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'code_invalid');
    await t.http().delete(`${API}/me/mfa/totp`).set('Authorization', auth).send({ code: recoveryCodes[3] }).expect(204);
    const status = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.equal(status.body.totp.enabled, false);
    assert.equal(status.body.recoveryCodesLeft, 0, 'codes go with the last factor');
    assert.equal((await t.http().delete(`${API}/me/mfa/totp`).set('Authorization', auth).send({ code: '123456' })).status, 409);
    const res = await t.http().post(`${API}/auth/login`).send({ login, password: PASSWORD }).expect(200);
    assert.ok(res.body.accessToken);
    assert.equal((await deliveredMessages(t, { to: `${login}@example.org`, notice: 'mfa-factor-removed' })).length, 1);
    const types = (await t.dataSource.query(`SELECT type FROM audit_events WHERE "userId" = (SELECT id FROM users WHERE login = '${login}')`)).map((e: { type: string }) => e.type);
    assert.ok(types.includes('mfa.disabled'));
  });

  it('the routes need a session', async () => {
    for (const [method, path] of [['get', '/me/mfa'], ['post', '/me/mfa/totp'], ['post', '/me/mfa/totp/confirm'], ['delete', '/me/mfa/totp'], ['post', '/me/mfa/recovery-codes'], ['post', '/me/passkeys/options'], ['post', '/me/passkeys'], ['delete', '/me/passkeys/x'], ['post', '/me/mfa/assertion-options']] as const) {
      const res = await t.http()[method](`${API}${path}`).send({});
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.code, 'unauthenticated');
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { clearDeliveredMessages, deliveredMessages } from '../helpers/delivered-messages';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { enrolPasskey, enrolTotp, startSignIn, totpNow } from '../helpers/mfa';
import { SoftAuthenticator } from '../helpers/soft-authenticator';
import { createTestApp, TestApp } from '../helpers/test-app';

const PASSWORD = 'a long enough passphrase 1';
const API = '/api/v1/realms/demo';
const ORIGIN = 'http://localhost:3000';

describe('passkeys (WebAuthn)', () => {
  let t: TestApp;
  let n = 0;
  let login: string;
  let auth: string;
  let key: SoftAuthenticator;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'other', 'standard');
  });
  after(() => t.close());
  beforeEach(async () => {
    login = `pavel${++n}`;
    await createUser(t, { login, password: PASSWORD, email: `${login}@example.org`, emailVerified: true });
    auth = (await loginAs(t, login, PASSWORD)).auth;
    key = new SoftAuthenticator(ORIGIN);
    clearDeliveredMessages(t);
  });

  it('registers a passkey: options from PUBLIC_URL with attestation none; the first factor brings recovery codes, the second none', async () => {
    const options = await t.http().post(`${API}/me/passkeys/options`).set('Authorization', auth).expect(200);
    assert.equal(options.body.rp.id, 'localhost');
    assert.equal(options.body.attestation, 'none');
    assert.deepEqual(options.body.excludeCredentials, []);
    assert.equal(options.body.authenticatorSelection.userVerification, 'preferred');
    const added = await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: key.create(options.body), name: 'Laptop' }).expect(201);
    assert.equal(added.body.name, 'Laptop');
    assert.equal(added.body.recoveryCodes.length, 10);
    const second = new SoftAuthenticator(ORIGIN);
    const options2 = await t.http().post(`${API}/me/passkeys/options`).set('Authorization', auth).expect(200);
    assert.deepEqual(options2.body.excludeCredentials.map((c: { id: string }) => c.id), key.credentialIds);
    const added2 = await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: second.create(options2.body) }).expect(201);
    assert.deepEqual(added2.body.recoveryCodes, []);
    assert.equal(added2.body.name, 'Passkey 2');
    const status = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.deepEqual(status.body.passkeys.map((p: { name: string }) => p.name).sort(), ['Laptop', 'Passkey 2']);
    assert.equal((await deliveredMessages(t, { to: `${login}@example.org`, notice: 'mfa-factor-added' })).length, 2);
  });

  it('refuses registrations that fail verification with 400 passkey_invalid (origin, rpId, challenge, replayed challenge)', async () => {
    const options = await t.http().post(`${API}/me/passkeys/options`).set('Authorization', auth).expect(200);
    for (const overrides of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }, { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }]) {
      const res = await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: key.create(options.body, overrides) });
      assert.equal(res.status, 400, JSON.stringify(overrides));
      assert.equal(res.body.code, 'passkey_invalid');
    }
    const good = key.create(options.body);
    await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: good }).expect(201);
    const replay = await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: key.create(options.body) });
    assert.equal(replay.body.code, 'passkey_invalid', 'a challenge serves once');
    assert.equal((await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: 'x' })).body.code, 'validation_failed');
    assert.equal((await t.http().post(`${API}/me/passkeys`).set('Authorization', auth).send({ response: {} })).body.code, 'passkey_invalid');
  });

  it('second step with a passkey: challenge, signature and sign counter checked', async () => {
    await enrolPasskey(t, auth, key);
    const a = await startSignIn(t, login, PASSWORD);
    assert.deepEqual(a.methods, ['passkey', 'recovery_code']);
    const options = await t.http().post(`${API}/auth/mfa/passkey-options`).send({ mfaToken: a.mfaToken }).expect(200);
    assert.deepEqual(options.body.allowCredentials.map((c: { id: string }) => c.id), key.credentialIds);
    const tampered = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'passkey', response: key.get(options.body, { tamper: true }) });
    assert.equal(tampered.status, 400);
    assert.equal(tampered.body.code, 'code_invalid');
    const wrongChallenge = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'passkey', response: key.get(options.body, { challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }) });
    assert.equal(wrongChallenge.body.code, 'code_invalid');
    const done = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'passkey', response: key.get(options.body) }).expect(200);
    assert.ok(done.body.accessToken);
    const b = await startSignIn(t, login, PASSWORD);
    const options2 = await t.http().post(`${API}/auth/mfa/passkey-options`).send({ mfaToken: b.mfaToken }).expect(200);
    const cloned = await t.http().post(`${API}/auth/mfa`).send({ mfaToken: b.mfaToken, method: 'passkey', response: key.get(options2.body, { counter: 1 }) });
    assert.equal(cloned.body.code, 'code_invalid', 'a sign counter that did not grow is refused');
    assert.equal((await t.http().post(`${API}/auth/mfa/passkey-options`).send({ mfaToken: 'nope' })).status, 401);
    const status = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.ok(status.body.passkeys[0].lastUsedAt);
  });

  it('passkey options for a user without a passkey: 409 flow_state_invalid', async () => {
    await enrolTotp(t, auth);
    const a = await startSignIn(t, login, PASSWORD);
    const res = await t.http().post(`${API}/auth/mfa/passkey-options`).send({ mfaToken: a.mfaToken });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'flow_state_invalid');
  });

  it('passwordless: discoverable credential with user verification signs in; any failure is 401 invalid_credentials', async () => {
    await enrolPasskey(t, auth, key);
    const start = await t.http().post(`${API}/auth/passkey/options`).send({}).expect(200);
    assert.ok(start.body.challengeId);
    assert.equal(start.body.options.allowCredentials, undefined);
    const done = await t.http().post(`${API}/auth/passkey`).send({ challengeId: start.body.challengeId, response: key.get(start.body.options) }).expect(200);
    assert.equal(done.body.user.login, login);
    assert.match(String(done.headers['set-cookie']), /sid=/);
    const reuse = await t.http().post(`${API}/auth/passkey`).send({ challengeId: start.body.challengeId, response: key.get(start.body.options) });
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.code, 'invalid_credentials');
    key.userVerification = false;
    const noUv = await t.http().post(`${API}/auth/passkey/options`).send({}).expect(200);
    assert.equal((await t.http().post(`${API}/auth/passkey`).send({ challengeId: noUv.body.challengeId, response: key.get(noUv.body.options) })).body.code, 'invalid_credentials');
    key.userVerification = true;
    const otherRealm = await t.http().post('/api/v1/realms/other/auth/passkey/options').send({}).expect(200);
    const wrongRealm = await t.http().post('/api/v1/realms/other/auth/passkey').send({ challengeId: otherRealm.body.challengeId, response: key.get(otherRealm.body.options) });
    assert.equal(wrongRealm.status, 401, 'a credential belongs to one realm');
    assert.equal((await t.http().post(`${API}/auth/passkey`).send({ challengeId: 'nope', response: {} })).status, 401);
    assert.equal((await t.http().post(`${API}/auth/passkey`).send({ challengeId: 'nope' })).body.code, 'validation_failed');
  });

  it('regenerates recovery codes with a passkey assertion; removes a passkey (404 for an unknown one)', async () => {
    const { id } = await enrolPasskey(t, auth, key);
    const options = await t.http().post(`${API}/me/mfa/assertion-options`).set('Authorization', auth).expect(200);
    const fresh = await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({ response: key.get(options.body) }).expect(200);
    assert.equal(fresh.body.recoveryCodes.length, 10);
    const again = await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({ response: key.get(options.body) });
    assert.equal(again.status, 400, 'the assertion challenge serves once');
    assert.equal(again.body.code, 'passkey_invalid');
    const unknown = await t.http().delete(`${API}/me/passkeys/00000000-0000-0000-0000-000000000000`).set('Authorization', auth);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'not_found');
    await t.http().delete(`${API}/me/passkeys/${id}`).set('Authorization', auth).expect(204);
    const status = await t.http().get(`${API}/me/mfa`).set('Authorization', auth).expect(200);
    assert.deepEqual(status.body.passkeys, []);
    assert.equal(status.body.recoveryCodesLeft, 0);
    const none = await t.http().post(`${API}/me/mfa/assertion-options`).set('Authorization', auth);
    assert.equal(none.status, 409);
    const regen = await t.http().post(`${API}/me/mfa/recovery-codes`).set('Authorization', auth).send({ code: '123456' });
    assert.equal(regen.status, 409, 'no factor, no codes');
    assert.equal((await deliveredMessages(t, { to: `${login}@example.org`, notice: 'mfa-factor-removed' })).length, 1);
  });

  it('TOTP and passkey together: methods list both', async () => {
    const { secret } = await enrolTotp(t, auth);
    const added = await enrolPasskey(t, auth, key);
    assert.deepEqual(added.recoveryCodes, [], 'codes came with the first factor');
    const a = await startSignIn(t, login, PASSWORD);
    assert.deepEqual(a.methods, ['totp', 'passkey', 'recovery_code']);
    await t.http().post(`${API}/auth/mfa`).send({ mfaToken: a.mfaToken, method: 'totp', code: totpNow(t, secret) }).expect(200);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminWorld, createAdminWorld, PASSWORD, storedAuditEvents } from '../helpers/admin-world';
import { createUser, loginAs } from '../helpers/fixtures';
import { enrolPasskey, enrolTotp, startSignIn, totpNow } from '../helpers/mfa';
import { SoftAuthenticator } from '../helpers/soft-authenticator';

const API = '/api/v1/realms/demo';

describe('lost second factor', () => {
  let w: AdminWorld;
  before(async () => {
    w = await createAdminWorld();
  });
  after(() => w.t.close());

  it('"I lost my second factor" queues an access request (second_factor_lost) to the organisation admins; a bad token is 401', async () => {
    const pupil = (await loginAs(w.t, 'pupil.a', PASSWORD)).auth;
    await enrolTotp(w.t, pupil);
    const { mfaToken } = await startSignIn(w.t, 'pupil.a', PASSWORD);
    await w.t.http().post(`${API}/auth/mfa/lost`).send({ mfaToken }).expect(202);
    await w.t.http().post(`${API}/auth/mfa/lost`).send({ mfaToken }).expect(202);
    const list = await w.t.http().get(`${API}/admin/access-requests`).set('Authorization', w.auth.adminA).expect(200);
    const mine = list.body.items.filter((r: { userId: string }) => r.userId === w.userA.id);
    assert.equal(mine.length, 1, 'one open request per user');
    assert.equal(mine[0].reason, 'second_factor_lost');
    const created = (await storedAuditEvents(w.t)).filter((e) => e.type === 'access_request.created' && e.userId === w.userA.id);
    assert.equal(created.length, 1);
    assert.match(created[0].details, /second_factor_lost/);
    const bad = await w.t.http().post(`${API}/auth/mfa/lost`).send({ mfaToken: 'forged' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, 'unauthenticated');
    assert.equal((await w.t.http().post(`${API}/auth/mfa/lost`).send({})).body.code, 'validation_failed');
  });

  it('an admin in scope resets the second factor: factors and codes gone, sessions ended, user notified, mfa.reset audited', async () => {
    await startSignIn(w.t, 'pupil.a', PASSWORD); // pupil.a still has TOTP from the case above
    const outOfScope = await w.t.http().post(`${API}/admin/users/${w.userA.id}/mfa/reset`).set('Authorization', w.auth.adminB);
    assert.equal(outOfScope.status, 404);
    assert.equal(outOfScope.body.code, 'user_not_found');
    const notStaff = await w.t.http().post(`${API}/admin/users/${w.userA.id}/mfa/reset`).set('Authorization', w.auth.plain);
    assert.equal(notStaff.status, 403);
    assert.equal((await w.t.http().post(`${API}/admin/users/${w.userA.id}/mfa/reset`)).status, 401);
    assert.equal((await w.t.http().post(`${API}/admin/users/not-an-id/mfa/reset`).set('Authorization', w.auth.adminA)).status, 404);
    w.rec.clear();
    await w.t.http().post(`${API}/admin/users/${w.userA.id}/mfa/reset`).set('Authorization', w.auth.adminA).expect(204);
    const notice = w.rec.last('mfa-reset')!;
    assert.equal(notice.to, 'pupil.a@example.org');
    const event = (await storedAuditEvents(w.t)).filter((e) => e.type === 'mfa.reset').pop()!;
    assert.equal(event.actorId, w.adminA.id);
    assert.equal(event.userId, w.userA.id);
    const res = await w.t.http().post(`${API}/auth/login`).send({ login: 'pupil.a', password: PASSWORD }).expect(200);
    assert.ok(res.body.accessToken, 'no second factor asked any more');
    const status = await w.t.http().get(`${API}/me/mfa`).set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    assert.deepEqual(status.body, { totp: { enabled: false, createdAt: null }, passkeys: [], recoveryCodesLeft: 0, required: false });
  });

  it("ends the user's sessions (the realm admin reaches every user)", async () => {
    const session = await loginAs(w.t, 'pupil.b', PASSWORD);
    await enrolPasskey(w.t, session.auth, new SoftAuthenticator('http://localhost:3000'));
    await w.t.http().post(`${API}/admin/users/${w.userB.id}/mfa/reset`).set('Authorization', w.auth.realmAdmin).expect(204);
    const gone = await w.t.http().get(`${API}/auth/session`).set('Authorization', session.auth);
    assert.equal(gone.status, 401);
    assert.equal((await w.t.dataSource.query(`SELECT id FROM mfa_passkeys WHERE "userId" = '${w.userB.id}'`)).length, 0);
  });

  it('a password reset never removes a factor: after an admin temporary password and a reset link, sign-in still asks for it', async () => {
    await createUser(w.t, { login: 'keeps.factor', password: PASSWORD, organizationId: w.orgA, email: 'keeps@example.org', emailVerified: true });
    const own = (await loginAs(w.t, 'keeps.factor', PASSWORD)).auth;
    const { secret } = await enrolTotp(w.t, own);
    const user = (await w.t.dataSource.query(`SELECT id FROM users WHERE login = 'keeps.factor'`))[0] as { id: string };
    const temp = await w.t.http().post(`${API}/admin/users/${user.id}/reset-access`).set('Authorization', w.auth.adminA).send({ method: 'temporary-password' }).expect(200);
    const step = await startSignIn(w.t, 'keeps.factor', temp.body.temporaryPassword);
    assert.deepEqual(step.methods, ['totp', 'recovery_code']);
    const signedIn = await w.t.http().post(`${API}/auth/mfa`).send({ mfaToken: step.mfaToken, method: 'totp', code: totpNow(w.t, secret) }).expect(200);
    assert.equal(signedIn.body.user.mustChangePassword, true);
    w.t.clock.advanceSeconds(30);
    await w.t.http().post(`${API}/admin/users/${user.id}/reset-access`).set('Authorization', w.auth.adminA).send({ method: 'link' }).expect(202);
    const token = new URL(w.rec.last('reset-link')!.secrets!.link).searchParams.get('token')!;
    await w.t.http().post(`${API}/recovery/password/reset`).send({ token, newPassword: 'a brand new passphrase 9', newPasswordConfirm: 'a brand new passphrase 9' }).expect(204);
    const again = await startSignIn(w.t, 'keeps.factor', 'a brand new passphrase 9');
    assert.deepEqual(again.methods, ['totp', 'recovery_code']);
    await w.t.http().post(`${API}/recovery/password`).send({ login: 'keeps.factor', email: 'keeps@example.org' });
    const link = w.rec.last('reset-link')!.secrets!.link;
    await w.t.http().post(`${API}/recovery/password/reset`).send({ token: new URL(link).searchParams.get('token'), newPassword: 'yet another passphrase 10', newPasswordConfirm: 'yet another passphrase 10' }).expect(204);
    await startSignIn(w.t, 'keeps.factor', 'yet another passphrase 10');
  });
});

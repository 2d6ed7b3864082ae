import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clearDeliveredMessages, deliveredMessages, lastDeliveredMessage, linkIn } from '../helpers/delivered-messages';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { TEST_CAPTCHA_ANSWER } from '../helpers/recovery';
import { createTestApp, TestApp } from '../helpers/test-app';
import { UsersService } from '../../src/users/users.service';
import { ResetTokensService } from '../../src/recovery/reset-tokens.service';

const OLD = 'OldPassw0rd';
const NEW = 'NewPassw0rd1';

describe('reset links and the new password', () => {
  let t: TestApp;
  const api = '/api/v1/realms/shop/recovery';

  /** Asks for a reset link for the user and returns the token from the delivered e-mail. */
  async function linkToken(login = 'merchant1', email = 'm1@example.org'): Promise<string> {
    t.clock.advanceSeconds(61);
    await t.http().post(`${api}/password`).send({ login, email }).expect(202);
    const mail = (await lastDeliveredMessage(t, { to: email, notice: 'reset-link' }))!;
    return new URL(linkIn(mail)!).searchParams.get('token')!;
  }
  const reset = (token: string, newPassword = NEW, newPasswordConfirm = newPassword) => t.http().post(`${api}/password/reset`).send({ token, newPassword, newPasswordConfirm });

  before(async () => {
    t = await createTestApp({ env: { CAPTCHA_TEST_ANSWER: TEST_CAPTCHA_ANSWER, THROTTLE_RECOVERY_LIMIT: '100000', THROTTLE_LOGIN_LIMIT: '100000' } });
    await createRealm(t, 'shop', 'merchant');
    await createUser(t, { realm: 'shop', login: 'merchant1', password: OLD, email: 'm1@example.org', emailVerified: true, locale: 'ru' });
    await createUser(t, { realm: 'shop', login: 'racer', password: OLD, email: 'racer@example.org', emailVerified: true });
    await createUser(t, { realm: 'shop', login: 'fickle', password: OLD, email: 'fickle@example.org', emailVerified: true });
    await createUser(t, { realm: 'shop', login: 'changer', password: OLD, email: 'changer@example.org', emailVerified: true });
    await createUser(t, { realm: 'shop', login: 'phoneuser', password: OLD, email: 'pu@example.org', emailVerified: true, phone: '+79001234567', phoneVerified: true });
  });
  after(() => t.close());

  it('checks a token without spending it, then resets: 204, no session, no cookie; old sessions and links end', async () => {
    const session = await loginAs(t, 'merchant1', OLD, 'shop');
    const earlier = await linkToken();
    const token = await linkToken();
    const check = await t.http().post(`${api}/password/reset/check`).send({ token });
    assert.deepEqual([check.status, check.body.login], [200, 'merchant1']);
    assert.equal(check.body.expiresAt, new Date(t.clock.now().getTime() + 3600_000).toISOString());
    assert.equal((await t.http().post(`${api}/password/reset/check`).send({ token })).status, 200, 'checking spends nothing');
    clearDeliveredMessages(t);
    const res = await reset(token);
    assert.equal(res.status, 204);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.deepEqual(res.body, {});
    assert.equal((await t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', session.auth)).status, 401);
    await loginAs(t, 'merchant1', NEW, 'shop');
    for (const used of [token, earlier]) {
      const again = await reset(used, 'Another1pass');
      assert.deepEqual([again.status, again.body.code], [410, 'token_invalid']);
      assert.equal((await t.http().post(`${api}/password/reset/check`).send({ token: used })).body.code, 'token_invalid');
    }
    const [notice, ...more] = await deliveredMessages(t, { to: 'm1@example.org', notice: 'password-changed' });
    assert.equal(more.length, 0);
    assert.doesNotMatch(notice.text, /https?:\/\//);
    const audit = await t.dataSource.query(`SELECT details FROM audit_events WHERE type = 'recovery.completed'`);
    assert.equal(audit.length, 1);
  });

  it('keeps the link usable after a refused password (mismatch, policy, history)', async () => {
    const token = await linkToken();
    const mismatch = await reset(token, 'Abcdefg12', 'Abcdefg13');
    assert.deepEqual([mismatch.status, mismatch.body.code], [400, 'password_mismatch']);
    const policy = await reset(token, 'short');
    assert.deepEqual([policy.status, policy.body.code], [400, 'password_policy']);
    assert.ok(policy.body.details.violations.some((v: { rule: string }) => v.rule === 'min_length'));
    const history = await reset(token, NEW);
    assert.deepEqual([history.status, history.body.code], [400, 'password_policy']);
    assert.ok(history.body.details.violations.some((v: { rule: string }) => v.rule === 'history'));
    assert.equal((await reset(token, 'Fresh1pass')).status, 204);
  });

  it('lets exactly one of many concurrent redemptions of one token through', async () => {
    const token = await linkToken('racer', 'racer@example.org');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => reset(token, `Racing${i}pass`)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [204, ...Array(9).fill(410)]);
    const winner = answers.findIndex((a) => a.status === 204);
    await loginAs(t, 'racer', `Racing${winner}pass`, 'shop');
  });

  it('refuses unknown, malformed and expired tokens alike with 410 token_invalid', async () => {
    const token = await linkToken();
    t.clock.advanceSeconds(3600);
    for (const bad of [token, 'A'.repeat(43), 'x']) {
      const res = await reset(bad, 'Valid1pass');
      assert.deepEqual([res.status, res.body.code], [410, 'token_invalid']);
    }
    assert.equal((await t.http().post(`${api}/password/reset`).send({ token: 'x' })).body.code, 'validation_failed');
  });

  it('clears the lockout and ends the other open flows of the user', async () => {
    const users = t.get(UsersService);
    const user = (await users.findByLogin((await t.dataSource.query(`SELECT id FROM realms WHERE slug = 'shop'`))[0].id, 'phoneuser'))!;
    await users.update(user.id, { failedLogins: 10, lockedUntil: new Date(t.clock.now().getTime() + 900_000) });
    const token = await linkToken('phoneuser', 'pu@example.org');
    t.clock.advanceSeconds(61);
    const other = await t.http().post(`${api}/password`).send({ login: 'phoneuser', email: 'pu@example.org' });
    assert.equal((await reset(token, 'Unlocked1pass')).status, 204);
    await loginAs(t, 'phoneuser', 'Unlocked1pass', 'shop');
    // Closed by the reset: answered like an expired flow, to whoever holds its id — for every step too.
    const closed = await t.http().get(`${api}/flows/${other.body.flowId}`);
    assert.deepEqual([closed.status, closed.body.code], [410, 'flow_expired']);
    const step = await t.http().post(`${api}/flows/${other.body.flowId}/code`).send({ code: '123456' });
    assert.deepEqual([step.status, step.body.code], [410, 'flow_expired']);
    const linkOfOther = (await lastDeliveredMessage(t, { to: 'pu@example.org', notice: 'reset-link' }))!;
    assert.equal((await reset(new URL(linkIn(linkOfOther)!).searchParams.get('token')!, 'Another2pass')).status, 410);
  });

  it('refuses self-service links once the user may no longer change the password or is disabled; admin links stay valid', async () => {
    const users = t.get(UsersService);
    const realmId = (await t.dataSource.query(`SELECT id FROM realms WHERE slug = 'shop'`))[0].id;
    const user = (await users.findByLogin(realmId, 'fickle'))!;
    const token = await linkToken('fickle', 'fickle@example.org');
    await users.update(user.id, { canChangeOwnPassword: false });
    assert.deepEqual(Object.values(pick(await t.http().post(`${api}/password/reset/check`).send({ token }))), [410, 'token_invalid']);
    assert.deepEqual(Object.values(pick(await reset(token, 'Refused1pass'))), [410, 'token_invalid']);
    const admin = await t.get(ResetTokensService).issue({ realmId, realmSlug: 'shop', userId: user.id, ttlSeconds: 3600 });
    assert.equal((await t.http().post(`${api}/password/reset/check`).send({ token: admin.token })).status, 200, 'an admin restoring access is the point');
    await users.update(user.id, { canChangeOwnPassword: true, disabled: true });
    assert.equal((await t.http().post(`${api}/password/reset/check`).send({ token: admin.token })).status, 410);
    await users.update(user.id, { disabled: false });
    assert.equal((await reset(admin.token, 'Restored1pass')).status, 204);
  });

  it('ends the reset links and open flows of a user who changes the password while signed in', async () => {
    const token = await linkToken('changer', 'changer@example.org');
    t.clock.advanceSeconds(61);
    const flow = await t.http().post(`${api}/password`).send({ login: 'changer', email: 'changer@example.org' });
    assert.equal((await t.http().get(`${api}/flows/${flow.body.flowId}`)).status, 200);
    const session = await loginAs(t, 'changer', OLD, 'shop');
    const changed = await t.http().post('/api/v1/realms/shop/auth/password').set('Authorization', session.auth).send({ currentPassword: OLD, newPassword: 'Changed1pass', newPasswordConfirm: 'Changed1pass' });
    assert.equal(changed.status, 204);
    assert.deepEqual(Object.values(pick(await t.http().post(`${api}/password/reset/check`).send({ token }))), [410, 'token_invalid']);
    assert.deepEqual(Object.values(pick(await reset(token, 'Sneaky1pass'))), [410, 'token_invalid']);
    assert.deepEqual(Object.values(pick(await t.http().get(`${api}/flows/${flow.body.flowId}`))), [410, 'flow_expired']);
    await loginAs(t, 'changer', 'Changed1pass', 'shop');
  });
});

function pick(res: { status: number; body: { code?: string } }): { status: number; code: string | undefined } {
  return { status: res.status, code: res.body.code };
}

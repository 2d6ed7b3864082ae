import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { AccountLockout } from '../../src/auth/sessions.port';
import { UsersService } from '../../src/users/users.service';
import { createRealm, createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

const PASSWORD = 'abcdefg1';

describe('account lockout', () => {
  let t: TestApp;
  let realmId: string;
  const login = (who: string, password: string) => t.http().post('/api/v1/realms/shop/auth/login').send({ login: who, password });
  const events = (userId: string, type: string) => t.dataSource.getRepository(AuditEventEntity).find({ where: { userId, type } });

  before(async () => {
    t = await createTestApp();
    realmId = await createRealm(t, 'shop', 'merchant', { lockout: { maxFailures: 3, durationSeconds: 600 } });
  });
  after(() => t.close());

  it('locks after maxFailures consecutive failures, answers invalid_credentials even with the right password, and expires', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'locked.one', password: PASSWORD });
    for (let i = 0; i < 3; i++) assert.equal((await login('locked.one', 'wrong1234')).status, 401);
    const locked = await login('locked.one', PASSWORD);
    assert.equal(locked.status, 401);
    assert.equal(locked.body.code, 'invalid_credentials');
    const locks = await events(user.id, 'account.locked');
    assert.equal(locks.length, 1);
    assert.equal(locks[0].realmId, realmId);

    t.clock.advanceSeconds(599);
    assert.equal((await login('locked.one', PASSWORD)).status, 401, 'still locked one second before the end');
    t.clock.advanceSeconds(1);
    assert.equal((await login('locked.one', PASSWORD)).status, 200, 'time-based: free again when the duration is over');
    const row = (await t.get(UsersService).findById(realmId, user.id))!;
    assert.equal(row.failedLogins, 0);
    assert.equal(row.lockedUntil, null);
  });

  it('does not extend the lock with attempts made while locked, and gives a fresh set of attempts afterwards', async () => {
    await createUser(t, { realm: 'shop', login: 'locked.two', password: PASSWORD });
    for (let i = 0; i < 3; i++) await login('locked.two', 'wrong1234');
    t.clock.advanceSeconds(300);
    for (let i = 0; i < 5; i++) await login('locked.two', 'wrong1234');
    t.clock.advanceSeconds(300);
    assert.equal((await login('locked.two', 'wrong1234')).status, 401);
    assert.equal((await login('locked.two', PASSWORD)).status, 200, 'one failure after expiry does not lock again');
  });

  it('a success resets the count of consecutive failures', async () => {
    await createUser(t, { realm: 'shop', login: 'resets', password: PASSWORD });
    for (let round = 0; round < 3; round++) {
      await login('resets', 'wrong1234');
      await login('resets', 'wrong1234');
      assert.equal((await login('resets', PASSWORD)).status, 200, `round ${round}`);
    }
  });

  it('counts parallel failures atomically and records exactly one lock', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'parallel', password: PASSWORD });
    const answers = await Promise.all(Array.from({ length: 8 }, () => login('parallel', 'wrong1234')));
    assert.ok(answers.every((a) => a.status === 401));
    assert.equal((await events(user.id, 'account.locked')).length, 1);
    assert.equal((await login('parallel', PASSWORD)).status, 401);
  });

  it('AccountLockout.unlock (for the admin module) frees the account at once and is audited with the actor', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'unlock.me', password: PASSWORD });
    for (let i = 0; i < 3; i++) await login('unlock.me', 'wrong1234');
    assert.equal((await login('unlock.me', PASSWORD)).status, 401);
    await t.get(AccountLockout).unlock({ realmId, userId: user.id, organizationId: null, actorId: 'f2b4c1d0-0000-4000-8000-000000000001', ip: '10.0.0.1' });
    assert.equal((await login('unlock.me', PASSWORD)).status, 200);
    const unlocked = await events(user.id, 'account.unlocked');
    assert.equal(unlocked.length, 1);
    assert.equal(unlocked[0].actorId, 'f2b4c1d0-0000-4000-8000-000000000001');
  });

  it('audits sign-ins and failures with the reason, never the password', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'audited', password: PASSWORD });
    await login('audited', 'wrong1234');
    await login('audited', PASSWORD);
    const failed = await events(user.id, 'sign_in.failed');
    assert.equal(failed.length, 1);
    assert.deepEqual(failed[0].details, { reason: 'wrong_password' });
    assert.equal((await events(user.id, 'sign_in.succeeded')).length, 1);
    const all = JSON.stringify(await t.dataSource.getRepository(AuditEventEntity).find());
    assert.doesNotMatch(all, /wrong1234|abcdefg1/);
  });
});

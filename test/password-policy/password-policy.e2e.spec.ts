import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PasswordPolicy } from '../../src/password-policy/password-policy.port';
import { presetSettings } from '../../src/realms/realm-settings';
import { RealmsService } from '../../src/realms/realms.service';
import { UsersService } from '../../src/users/users.service';
import { createRealm, createUser, patchRealm } from '../helpers/fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

describe('password policy (HTTP and database)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'shop', 'merchant');
    await createRealm(t, 'school', 'school', { passwordPolicy: { minLength: 12 } });
  });
  after(() => t.close());

  it('GET /password-policy answers the effective policy without a session', async () => {
    const shop = await t.http().get('/api/v1/realms/shop/password-policy');
    assert.equal(shop.status, 200);
    assert.deepEqual(shop.body, presetSettings('merchant').passwordPolicy);
    const school = await t.http().get('/api/v1/realms/school/password-policy');
    assert.deepEqual(school.body, { ...presetSettings('school').passwordPolicy, minLength: 12 });
    await patchRealm(t, 'shop', { passwordPolicy: { historySize: 5 } });
    assert.equal((await t.http().get('/api/v1/realms/shop/password-policy')).body.historySize, 5);
    assert.equal((await t.http().get('/api/v1/realms/nowhere/password-policy')).status, 404);
  });

  it('history counts a current hash written directly (bootstrap admin), and keeps it after the next change', async () => {
    const policy = t.get(PasswordPolicy);
    const users = t.get(UsersService);
    const settings = { ...presetSettings('standard').passwordPolicy, rejectCommon: false, rejectContainsLogin: false };
    const admin = (await users.findByLogin((await t.get(RealmsService).findBySlug('demo'))!.id, TEST_ADMIN.login))!;
    const subject = { login: admin.login, userId: admin.id };
    assert.deepEqual((await policy.violations(settings, TEST_ADMIN.password, subject)).map((v) => v.rule), ['history']);

    const second = 'second long passphrase';
    await users.update(admin.id, { passwordHash: await policy.hashAndRecord(admin.id, second) });
    assert.deepEqual((await policy.violations(settings, TEST_ADMIN.password, subject)).map((v) => v.rule), ['history'], 'the bootstrap password is still one of the last three');
    assert.deepEqual((await policy.violations(settings, second, subject)).map((v) => v.rule), ['history']);

    const third = 'third long passphrase';
    const fourth = 'fourth long passphrase';
    await users.update(admin.id, { passwordHash: await policy.hashAndRecord(admin.id, third) });
    await users.update(admin.id, { passwordHash: await policy.hashAndRecord(admin.id, fourth) });
    assert.deepEqual(await policy.violations(settings, TEST_ADMIN.password, subject), [], 'four passwords later it is free again');
    for (const p of [second, third, fourth]) assert.deepEqual((await policy.violations(settings, p, subject)).map((v) => v.rule), ['history'], p);
  });

  it('a user created with a hash and no history row still cannot reuse the current password', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'merchant1', password: 'abcdefg1' });
    const violations = await t.get(PasswordPolicy).violations(presetSettings('merchant').passwordPolicy, 'abcdefg1', { login: user.login, userId: user.id });
    assert.deepEqual(violations, [{ rule: 'history', params: { count: 3 } }]);
  });
});


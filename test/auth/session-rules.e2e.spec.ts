import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Module } from '@nestjs/common';
import { Authenticated } from '../../src/auth/authenticated.decorator';
import { ARGON2_PARAMS, Argon2PasswordHasher } from '../../src/password-policy/argon2-password.hasher';
import { PasswordHasher } from '../../src/password-policy/password-hasher.port';
import { PasswordHistoryEntity } from '../../src/users/entities/password-history.entity';
import { UsersService } from '../../src/users/users.service';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Stands for any ordinary authenticated route (account pages, admin…). */
@Controller('api/v1/realms/:realm/probe')
class ProbeController {
  @Get()
  @Authenticated()
  get(): { ok: true } {
    return { ok: true };
  }
}
@Module({ controllers: [ProbeController] })
class ProbeModule {}

const PASSWORD = 'abcdefg1';

describe('session rules', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ extraModules: [ProbeModule] });
    await createRealm(t, 'shop', 'merchant');
  });
  after(() => t.close());

  it('mustChangePassword: session, password change and logout only; 403 password_change_required elsewhere until changed', async () => {
    await createUser(t, { realm: 'shop', login: 'forced', password: PASSWORD, mustChangePassword: true });
    const login = await t.http().post('/api/v1/realms/shop/auth/login').send({ login: 'forced', password: PASSWORD });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.mustChangePassword, true);
    const auth = `Bearer ${login.body.accessToken}`;
    assert.equal((await t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', auth)).status, 200);
    const blocked = await t.http().get('/api/v1/realms/shop/probe').set('Authorization', auth);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    const changed = await t.http().post('/api/v1/realms/shop/auth/password').set('Authorization', auth).send({ currentPassword: PASSWORD, newPassword: 'changed123', newPasswordConfirm: 'changed123' });
    assert.equal(changed.status, 204);
    assert.equal((await t.http().get('/api/v1/realms/shop/probe').set('Authorization', auth)).status, 200);
    const other = await loginAs(t, 'forced', 'changed123', 'shop');
    assert.equal((await t.http().post('/api/v1/realms/shop/auth/logout').set('Authorization', other.auth)).status, 204);
  });

  it('disabling a user ends its sessions at once and refuses sign-in', async () => {
    const user = await createUser(t, { realm: 'shop', login: 'to.disable', password: PASSWORD });
    const s = await loginAs(t, 'to.disable', PASSWORD, 'shop');
    assert.equal((await t.http().get('/api/v1/realms/shop/probe').set('Authorization', s.auth)).status, 200);
    await t.get(UsersService).update(user.id, { disabled: true });
    const res = await t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', s.auth);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'unauthenticated');
    assert.equal((await t.http().post('/api/v1/realms/shop/auth/login').send({ login: 'to.disable', password: PASSWORD })).status, 401);
  });

  it('a session works only in its own realm', async () => {
    await createUser(t, { realm: 'shop', login: 'realm.bound', password: PASSWORD });
    const s = await loginAs(t, 'realm.bound', PASSWORD, 'shop');
    assert.equal((await t.http().get('/api/v1/realms/demo/auth/session').set('Authorization', s.auth)).status, 401);
  });

  it("permissions are the realm's defaults (merchant: the manual's three sections) plus the user's own", async () => {
    await createUser(t, { realm: 'shop', login: 'perms', password: PASSWORD, permissions: ['payments.refunds', 'reports'] });
    const res = await t.http().post('/api/v1/realms/shop/auth/login').send({ login: 'perms', password: PASSWORD });
    assert.deepEqual(res.body.user.permissions, ['orders.monitoring', 'reports', 'settings', 'payments.refunds']);
  });

  it('upgrades a hash made with weaker argon2 parameters at the next sign-in (history follows)', async () => {
    const weak = await new Argon2PasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 }).hash(PASSWORD);
    const user = await createUser(t, { realm: 'shop', login: 'old.hash', password: 'placeholder1' });
    await t.get(UsersService).update(user.id, { passwordHash: weak });
    await t.dataSource.getRepository(PasswordHistoryEntity).insert({ id: '00000000-0000-4000-8000-00000000a001', userId: user.id, passwordHash: weak, createdAt: t.clock.now() });
    assert.equal(t.get(PasswordHasher).needsRehash(weak), true);

    await loginAs(t, 'old.hash', PASSWORD, 'shop');
    const upgraded = (await t.get(UsersService).findById(user.realmId, user.id))!.passwordHash!;
    assert.notEqual(upgraded, weak);
    assert.match(upgraded, new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}\\$`));
    assert.equal(t.get(PasswordHasher).needsRehash(upgraded), false);
    const history = await t.dataSource.getRepository(PasswordHistoryEntity).find({ where: { userId: user.id } });
    assert.deepEqual(history.map((h) => h.passwordHash), [upgraded]);
    await loginAs(t, 'old.hash', PASSWORD, 'shop');
    assert.equal((await t.get(UsersService).findById(user.realmId, user.id))!.passwordHash, upgraded, 'no second rehash');
  });
});

describe('session cookie', () => {
  it('is Secure when PUBLIC_URL is https, and logout clears it', async () => {
    const t = await createTestApp({ env: { PUBLIC_URL: 'https://id.example.org' } });
    try {
      await createUser(t, { login: 'cookie.user', password: 'a long enough passphrase 1' });
      const res = await t.http().post('/api/v1/realms/demo/auth/login').send({ login: 'cookie.user', password: 'a long enough passphrase 1' });
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /^sid=[A-Za-z0-9_-]{43,};/);
      for (const flag of [/; HttpOnly/, /; Secure/, /; SameSite=Lax/, /; Path=\//, /; Expires=/]) assert.match(cookie, flag);
      const out = await t.http().post('/api/v1/realms/demo/auth/logout').set('Cookie', `sid=${res.body.accessToken}`);
      assert.equal(out.status, 204);
      assert.match(String(out.headers['set-cookie']), /^sid=;.*Expires=Thu, 01 Jan 1970/);
      assert.equal((await t.http().get('/api/v1/realms/demo/auth/session').set('Cookie', `sid=${res.body.accessToken}`)).status, 401);
    } finally {
      await t.close();
    }
  });
});

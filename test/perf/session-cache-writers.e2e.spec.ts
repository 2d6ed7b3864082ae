import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { Algorithm, hash as argon2Hash } from '@node-rs/argon2';
import { SessionCache } from '../../src/auth/session-cache/session-cache';
import { AppLogger } from '../../src/common/logging/app-logger';
import { PasswordHasher } from '../../src/password-policy/password-hasher.port';
import { RealmsService } from '../../src/realms/realms.service';
import { UsersService } from '../../src/users/users.service';
import { codeIn, lastDeliveredMessage, linkIn } from '../helpers/delivered-messages';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { totpNow } from '../helpers/mfa';
import { tokenOf } from '../helpers/recovery';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const PASSWORD = 'cache writers password long enough';
const API = '/api/v1/realms/demo';
const NOT_ANNOUNCED = /not announced/;

async function cacheReady(t: TestApp): Promise<void> {
  const cache = t.get(SessionCache);
  for (let i = 0; i < 100 && !cache.usable; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cache.usable, 'the invalidation channel comes up');
}

/** Every warning the app logs, as pino received it (the test log level is silent, so nothing else sees them). */
function captureWarnings(t: TestApp): string[] {
  const seen: string[] = [];
  const pino = t.get(AppLogger).pino as unknown as { warn: (...args: unknown[]) => void };
  pino.warn = (...args: unknown[]) => {
    seen.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  return seen;
}

/**
 * Every write path that can change what a session check answers, driven through the API on one
 * instance while the other holds the session in its cache: the other instance sees the change on
 * the very next check, and no write reached the database unannounced (the SQL watch stays quiet).
 */
// Two instances on one SQLite file is not a topology the service runs in (SQLite is one process):
// in one test process, one instance's synchronous lock wait blocks the other from committing, and
// a write then fails with SQLITE_BUSY (seen once in CI). The writers' announcements do not depend
// on the database, so this spec runs on PostgreSQL.
const SKIP = !REDIS_TEST_URL ? 'set REDIS_TEST_URL to run against Redis' : !process.env.TEST_DATABASE_URL ? 'two instances need PostgreSQL (TEST_DATABASE_URL)' : false;

describe('session cache: every writer announces its change', { skip: SKIP }, () => {
  const prefix = `test-${randomBytes(6).toString('hex')}:`;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  const logs = new Map<TestApp, string[]>();
  const logged = (t: TestApp): string[] => logs.get(t) ?? [];
  before(async () => {
    const env = { REDIS_URL: REDIS_TEST_URL!, REDIS_KEY_PREFIX: prefix };
    a = await createTestApp({ env });
    b = await createTestApp({ env, db: a.db, clock: a.clock });
    for (const t of [a, b]) logs.set(t, captureWarnings(t));
    await Promise.all([cacheReady(a), cacheReady(b)]);
    admin = (await loginAs(a, TEST_ADMIN.login, TEST_ADMIN.password)).auth;
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });
  afterEach(() => {
    const unannounced = [...logged(a), ...logged(b)].filter((w) => NOT_ANNOUNCED.test(w));
    for (const t of [a, b]) logged(t).length = 0;
    assert.deepEqual(unannounced, [], 'every write to users/sessions was announced by its writer');
  });

  const check = (t: TestApp, auth: string, realm = 'demo') => t.http().get(`/api/v1/realms/${realm}/auth/session`).set('Authorization', auth);
  /** Both instances answer the session from a warm cache (the second check of each is a hit). */
  async function warm(auth: string, realm = 'demo'): Promise<void> {
    for (const t of [a, b, a, b]) assert.equal((await check(t, auth, realm)).status, 200);
    const size = (t: TestApp) => (t.get(SessionCache) as unknown as { entries: Map<string, unknown> }).entries.size;
    assert.ok(size(a) > 0 && size(b) > 0, 'both caches hold the session');
  }
  async function user(login: string, extra: { locale?: string } = {}) {
    return createUser(a, { login, password: PASSWORD, email: `${login}@example.org`, emailVerified: true, ...extra });
  }

  it('logout on A: refused on B at once', async () => {
    await user('w.logout');
    const s = await loginAs(a, 'w.logout', PASSWORD);
    await warm(s.auth);
    await a.http().post(`${API}/auth/logout`).set('Authorization', s.auth).expect(204);
    assert.equal((await check(b, s.auth)).status, 401);
  });

  it('ending one of my sessions, and all my others, on A: refused on B at once', async () => {
    await user('w.mine');
    const keep = await loginAs(a, 'w.mine', PASSWORD);
    const one = await loginAs(b, 'w.mine', PASSWORD);
    const other = await loginAs(b, 'w.mine', PASSWORD);
    await warm(one.auth);
    await warm(other.auth);
    const list = await a.http().get(`${API}/me/sessions`).set('Authorization', keep.auth).expect(200);
    const current = await b.http().get(`${API}/me/sessions`).set('Authorization', one.auth).expect(200);
    const oneId = (current.body.items as Array<{ id: string; current: boolean }>).find((x) => x.current)!.id;
    assert.equal(list.body.items.length, 3);
    await a.http().delete(`${API}/me/sessions/${oneId}`).set('Authorization', keep.auth).expect(204);
    assert.equal((await check(b, one.auth)).status, 401, 'the ended session');
    assert.equal((await check(b, other.auth)).status, 200);
    await a.http().delete(`${API}/me/sessions`).set('Authorization', keep.auth).expect(204);
    assert.equal((await check(b, other.auth)).status, 401, 'every other session');
    assert.equal((await check(b, keep.auth)).status, 200, 'the current one stays');
  });

  it('admin ends the sessions on B: refused on A at once', async () => {
    const u = await user('w.ended');
    const s = await loginAs(a, 'w.ended', PASSWORD);
    await warm(s.auth);
    await b.http().delete(`${API}/admin/users/${u.id}/sessions`).set('Authorization', admin).expect(204);
    assert.equal((await check(a, s.auth)).status, 401);
  });

  it('admin disables on B: refused on A at once', async () => {
    const u = await user('w.disabled');
    const s = await loginAs(a, 'w.disabled', PASSWORD);
    await warm(s.auth);
    await b.http().patch(`${API}/admin/users/${u.id}`).set('Authorization', admin).send({ disabled: true }).expect(200);
    assert.equal((await check(a, s.auth)).status, 401);
  });

  it('admin changes roles and permissions on B: A answers with the new ones at once', async () => {
    const u = await user('w.roles');
    const s = await loginAs(a, 'w.roles', PASSWORD);
    await warm(s.auth);
    await b.http().patch(`${API}/admin/users/${u.id}`).set('Authorization', admin).send({ roles: ['user', 'org_admin'], permissions: ['reports.read'] }).expect(200);
    const seen = (await check(a, s.auth).expect(200)).body.user;
    assert.deepEqual([...seen.roles].sort(), ['org_admin', 'user']);
    assert.ok(seen.permissions.includes('reports.read'));
  });

  it('password change on A: the other sessions are refused on B at once', async () => {
    await user('w.password');
    const here = await loginAs(a, 'w.password', PASSWORD);
    const there = await loginAs(b, 'w.password', PASSWORD);
    await warm(there.auth);
    const next = `${PASSWORD} and then some`;
    await a.http().post(`${API}/auth/password`).set('Authorization', here.auth).send({ currentPassword: PASSWORD, newPassword: next, newPasswordConfirm: next }).expect(204);
    assert.equal((await check(b, there.auth)).status, 401);
    assert.equal((await check(b, here.auth)).status, 200, 'the session that changed it stays');
  });

  it('reset-access (temporary password, then link) on B: refused on A at once, and the forced change is seen', async () => {
    const u = await user('w.reset');
    const s = await loginAs(a, 'w.reset', PASSWORD);
    await warm(s.auth);
    const reset = await b.http().post(`${API}/admin/users/${u.id}/reset-access`).set('Authorization', admin).send({ method: 'temporary-password' }).expect(200);
    assert.equal((await check(a, s.auth)).status, 401);
    const temp = await loginAs(a, 'w.reset', reset.body.temporaryPassword);
    await warm(temp.auth);
    assert.equal((await check(b, temp.auth)).body.user.mustChangePassword, true);
    await b.http().post(`${API}/admin/users/${u.id}/reset-access`).set('Authorization', admin).send({ method: 'link' }).expect(202);
    assert.equal((await check(a, temp.auth)).status, 401);
  });

  it('a confirmed new e-mail on A, then a password reset by link on A: announced, and the reset refuses the session on B at once', async () => {
    const u = await user('w.link');
    const s = await loginAs(a, 'w.link', PASSWORD);
    await warm(s.auth);
    await a.http().post(`${API}/me/contacts/email`).set('Authorization', s.auth).send({ email: 'w.link.new@example.org' }).expect(202);
    const code = codeIn((await lastDeliveredMessage(a, { to: 'w.link.new@example.org', notice: 'confirmation-code' }))!)!;
    await a.http().post(`${API}/me/contacts/email/confirm`).set('Authorization', s.auth).send({ code }).expect(204);
    assert.equal((await check(b, s.auth)).status, 200, 'a new address ends no session');
    // The admin's reset link (it ends the session too); then a new session, and the link used.
    await b.http().post(`${API}/admin/users/${u.id}/reset-access`).set('Authorization', admin).send({ method: 'link' }).expect(202);
    assert.equal((await check(a, s.auth)).status, 401);
    const again = await loginAs(a, 'w.link', PASSWORD);
    await warm(again.auth);
    const token = tokenOf(linkIn((await lastDeliveredMessage(b, { to: 'w.link.new@example.org', notice: 'reset-link' }))!)!);
    const next = `${PASSWORD} after the link`;
    await a.http().post(`${API}/recovery/password/reset`).send({ token, newPassword: next, newPasswordConfirm: next }).expect(204);
    assert.equal((await check(b, again.auth)).status, 401);
  });

  it('admin MFA reset on B: refused on A at once', async () => {
    const u = await user('w.mfareset');
    const s = await loginAs(a, 'w.mfareset', PASSWORD);
    await warm(s.auth);
    await b.http().post(`${API}/admin/users/${u.id}/mfa/reset`).set('Authorization', admin).expect(204);
    assert.equal((await check(a, s.auth)).status, 401);
  });

  it('my language changed on A: B answers with it at once', async () => {
    const locales = (await a.get(RealmsService).findBySlug('demo'))!.settings.locales;
    assert.ok(locales.length >= 2, 'the demo realm offers two languages');
    await user('w.locale', { locale: locales[0] });
    const s = await loginAs(a, 'w.locale', PASSWORD);
    await warm(s.auth);
    await a.http().patch(`${API}/me`).set('Authorization', s.auth).send({ locale: locales[1] }).expect(200);
    assert.equal((await check(b, s.auth).expect(200)).body.user.locale, locales[1]);
  });

  it('enrolling and removing a TOTP factor on A (a realm that requires MFA): B answers with the new state at once', async () => {
    await createRealm(a, 'mfa-all', 'standard', { mfa: { required: 'all' } });
    await createUser(a, { realm: 'mfa-all', login: 'w.totp', password: PASSWORD });
    const s = await loginAs(a, 'w.totp', PASSWORD, 'mfa-all');
    await warm(s.auth, 'mfa-all');
    assert.equal((await check(b, s.auth, 'mfa-all')).body.user.mfaEnrollmentRequired, true);
    const start = await a.http().post('/api/v1/realms/mfa-all/me/mfa/totp').set('Authorization', s.auth).expect(201);
    await a.http().post('/api/v1/realms/mfa-all/me/mfa/totp/confirm').set('Authorization', s.auth).send({ code: totpNow(a, start.body.secret) }).expect(200);
    assert.equal((await check(b, s.auth, 'mfa-all')).body.user.mfaEnrollmentRequired, false);
    await warm(s.auth, 'mfa-all');
    a.clock.advanceSeconds(30);
    await a.http().delete('/api/v1/realms/mfa-all/me/mfa/totp').set('Authorization', s.auth).send({ code: totpNow(a, start.body.secret) }).expect(204);
    assert.equal((await check(b, s.auth, 'mfa-all')).body.user.mfaEnrollmentRequired, true);
  });

  it('a sign-in that upgrades an old password hash is announced too', async () => {
    const realm = (await a.get(RealmsService).findBySlug('demo'))!;
    // Older argon2 parameters than the service's: the next sign-in rehashes (an UPDATE of users).
    const old = await argon2Hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 8192, timeCost: 2, parallelism: 1 });
    assert.equal(a.get(PasswordHasher).needsRehash(old), true);
    await a.get(UsersService).create({ realmId: realm.id, login: 'w.rehash', passwordHash: old });
    const s = await loginAs(b, 'w.rehash', PASSWORD);
    await warm(s.auth);
    const row = await a.get(UsersService).findByLogin(realm.id, 'w.rehash');
    assert.notEqual(row!.passwordHash, old, 'the hash was upgraded');
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SessionCache } from '../../src/auth/session-cache/session-cache';
import { createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const PASSWORD = 'cache test password long enough';
const SESSION = '/api/v1/realms/demo/auth/session';

async function cacheReady(t: TestApp): Promise<void> {
  const cache = t.get(SessionCache);
  for (let i = 0; i < 100 && !cache.usable; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cache.usable, 'the invalidation channel comes up');
}

describe('session cache shared by two instances through Redis', { skip: REDIS_TEST_URL ? false : 'set REDIS_TEST_URL to run against Redis' }, () => {
  const prefix = `test-${randomBytes(6).toString('hex')}:`;
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  before(async () => {
    const env = { REDIS_URL: REDIS_TEST_URL!, REDIS_KEY_PREFIX: prefix };
    a = await createTestApp({ env });
    b = await createTestApp({ env, db: a.db, clock: a.clock });
    await Promise.all([cacheReady(a), cacheReady(b)]);
    admin = (await loginAs(a, TEST_ADMIN.login, TEST_ADMIN.password)).auth;
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  const check = (t: TestApp, auth: string) => t.http().get(SESSION).set('Authorization', auth);
  /** Both instances have answered from a warm cache (the second check of each is a hit). */
  async function warm(auth: string): Promise<void> {
    for (const t of [a, b, a, b]) assert.equal((await check(t, auth)).status, 200);
  }

  it('answers from the cache, and a logout on one instance ends the session on the other at once', async () => {
    await createUser(a, { login: 'cache.one', password: PASSWORD, email: 'one@example.org', emailVerified: true });
    const s = await loginAs(a, 'cache.one', PASSWORD);
    await warm(s.auth);
    // The row is gone from the database: a cached answer still comes (proof that the cache serves).
    const size = (t: TestApp) => (t.get(SessionCache) as unknown as { entries: Map<string, unknown> }).entries.size;
    assert.ok(size(a) > 0 && size(b) > 0);
    assert.equal((await a.http().post('/api/v1/realms/demo/auth/logout').set('Authorization', s.auth)).status, 204);
    assert.equal((await check(b, s.auth)).status, 401, 'instance B refuses at once');
    assert.equal((await check(a, s.auth)).status, 401);
  });

  it('disabling a user on one instance ends their sessions on the other at once', async () => {
    const user = await createUser(a, { login: 'cache.two', password: PASSWORD, email: 'two@example.org', emailVerified: true });
    const s = await loginAs(b, 'cache.two', PASSWORD);
    await warm(s.auth);
    await b.http().patch(`/api/v1/realms/demo/admin/users/${user.id}`).set('Authorization', admin).send({ disabled: true }).expect(200);
    assert.equal((await check(a, s.auth)).status, 401);
    assert.equal((await check(b, s.auth)).status, 401);
  });

  it('a changed user (forced password change) is seen on the other instance at once', async () => {
    const user = await createUser(a, { login: 'cache.three', password: PASSWORD, email: 'three@example.org', emailVerified: true });
    const s = await loginAs(a, 'cache.three', PASSWORD);
    await warm(s.auth);
    await b.http().post(`/api/v1/realms/demo/admin/users/${user.id}/reset-access`).set('Authorization', admin).send({ method: 'temporary-password' }).expect(200);
    assert.equal((await check(a, s.auth)).status, 401, 'reset-access ends sessions');
  });

  it('an expired session stops working from the cache too', async () => {
    await createUser(a, { login: 'cache.four', password: PASSWORD, email: 'four@example.org', emailVerified: true });
    const s = await loginAs(a, 'cache.four', PASSWORD);
    await warm(s.auth);
    const ttl = (await a.http().get(SESSION).set('Authorization', s.auth)).body.expiresAt as string;
    a.clock.set(new Date(new Date(ttl).getTime() + 1000));
    assert.equal((await check(a, s.auth)).status, 401);
    assert.equal((await check(b, s.auth)).status, 401);
  });

  it('is bypassed and emptied while the invalidation channel is down', async () => {
    a.clock.set(new Date());
    await createUser(a, { login: 'cache.five', password: PASSWORD, email: 'five@example.org', emailVerified: true });
    const s = await loginAs(a, 'cache.five', PASSWORD);
    await warm(s.auth);
    const cache = b.get(SessionCache) as unknown as { sub: { disconnect(reconnect?: boolean): void }; usable: boolean; entries: Map<string, unknown> };
    cache.sub.disconnect(true);
    for (let i = 0; i < 50 && cache.usable; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(cache.usable, false);
    assert.equal(cache.entries.size, 0);
    // Revoked directly in the database: no cache can hide it.
    await a.dataSource.query(`UPDATE sessions SET "revokedAt" = ${a.db.kind === 'postgres' ? 'now()' : "'2000-01-01'"} WHERE "revokedAt" IS NULL`);
    assert.equal((await check(b, s.auth)).status, 401);
    await cacheReady(b);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { SessionEntity } from '../../src/auth/entities/session.entity';
import { createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const BASE = '/api/v1/realms/demo';

describe('own sessions (/me/sessions)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createUser(t, { login: 'olga', password: 'a long enough passphrase 1' });
    await createUser(t, { login: 'pavel', password: 'a long enough passphrase 2' });
  });
  after(() => t.close());

  async function signIn(login: string, password: string, userAgent: string): Promise<string> {
    t.clock.advanceSeconds(1);
    const res = await t.http().post(`${BASE}/auth/login`).set('User-Agent', userAgent).send({ login, password });
    assert.equal(res.status, 200);
    return `Bearer ${res.body.accessToken}`;
  }

  it('lists live sessions newest first, with ip, user agent, device, lastSeenAt and the current one marked', async () => {
    const first = await signIn('olga', 'a long enough passphrase 1', CHROME_WINDOWS);
    t.clock.advanceSeconds(5);
    const second = await signIn('olga', 'a long enough passphrase 1', FIREFOX_LINUX);
    const res = await t.http().get(`${BASE}/me/sessions`).set('Authorization', second).set('Accept-Language', 'en');
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 2);
    const [newest, older] = res.body.items;
    assert.equal(newest.current, true);
    assert.equal(older.current, false);
    assert.equal(newest.userAgent, FIREFOX_LINUX);
    assert.equal(newest.device, 'Firefox on Linux');
    assert.equal(older.device, 'Chrome on Windows');
    assert.match(newest.ip, /127\.0\.0\.1|::1/);
    assert.equal(older.lastSeenAt, older.createdAt);
    assert.ok(Date.parse(newest.createdAt) > Date.parse(older.createdAt));
    assert.deepEqual(Object.keys(newest).sort(), ['createdAt', 'current', 'device', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent']);
    const ru = await t.http().get(`${BASE}/me/sessions`).set('Authorization', first).set('Accept-Language', 'ru');
    assert.equal(ru.body.items[1].device, 'Chrome на Windows');
    await t.http().delete(`${BASE}/me/sessions`).set('Authorization', second).expect(204);
  });

  it('stores at most 512 characters of the user agent', async () => {
    const auth = await signIn('olga', 'a long enough passphrase 1', `Agent/${'x'.repeat(700)}`);
    const res = await t.http().get(`${BASE}/me/sessions`).set('Authorization', auth);
    assert.equal(res.body.items.find((s: { current: boolean }) => s.current).userAgent.length, 512);
    await t.http().delete(`${BASE}/me/sessions`).set('Authorization', auth).expect(204);
  });

  it('ends one session: it gets 401 at once; another user’s or an unknown id is 404 session_not_found', async () => {
    const mine = await signIn('olga', 'a long enough passphrase 1', CHROME_WINDOWS);
    const other = await signIn('olga', 'a long enough passphrase 1', FIREFOX_LINUX);
    const pavel = await signIn('pavel', 'a long enough passphrase 2', CHROME_WINDOWS);
    const list = await t.http().get(`${BASE}/me/sessions`).set('Authorization', mine);
    const target = list.body.items.find((s: { current: boolean; userAgent: string }) => !s.current && s.userAgent === FIREFOX_LINUX);
    const pavelsId = (await t.http().get(`${BASE}/me/sessions`).set('Authorization', pavel)).body.items[0].id;

    const foreign = await t.http().delete(`${BASE}/me/sessions/${pavelsId}`).set('Authorization', mine);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'session_not_found');
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', pavel)).status, 200, 'pavel’s session lives on');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await t.http().delete(`${BASE}/me/sessions/${id}`).set('Authorization', mine);
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'session_not_found');
    }

    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', other)).status, 200);
    await t.http().delete(`${BASE}/me/sessions/${target.id}`).set('Authorization', mine).expect(204);
    const ended = await t.http().get(`${BASE}/auth/session`).set('Authorization', other);
    assert.equal(ended.status, 401);
    assert.equal(ended.body.code, 'unauthenticated');
    assert.equal((await t.http().delete(`${BASE}/me/sessions/${target.id}`).set('Authorization', mine)).body.code, 'session_not_found', 'an ended session is gone');
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', mine)).status, 200);
    const audit = await t.dataSource.getRepository(AuditEventEntity).find({ where: { type: 'session.ended' } });
    assert.ok(audit.some((e) => (e.details as Record<string, unknown>).sessionId === target.id));
  });

  it('ends every session but the current one', async () => {
    const keep = await signIn('olga', 'a long enough passphrase 1', CHROME_WINDOWS);
    const a = await signIn('olga', 'a long enough passphrase 1', FIREFOX_LINUX);
    const b = await signIn('olga', 'a long enough passphrase 1', FIREFOX_LINUX);
    const pavel = await signIn('pavel', 'a long enough passphrase 2', CHROME_WINDOWS);
    await t.http().delete(`${BASE}/me/sessions`).set('Authorization', keep).expect(204);
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', a)).status, 401);
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', b)).status, 401);
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', keep)).status, 200);
    assert.equal((await t.http().get(`${BASE}/auth/session`).set('Authorization', pavel)).status, 200);
    const list = await t.http().get(`${BASE}/me/sessions`).set('Authorization', keep);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].current, true);
  });

  it('needs a session (401 unauthenticated)', async () => {
    for (const [method, path] of [['get', '/me/sessions'], ['delete', '/me/sessions'], ['delete', '/me/sessions/x']] as const) {
      const res = await t.http()[method](`${BASE}${path}`);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'unauthenticated');
    }
  });

  it('moves lastSeenAt at most once a minute, without a write on every request', async () => {
    const auth = await signIn('olga', 'a long enough passphrase 1', CHROME_WINDOWS);
    const repo = t.dataSource.getRepository(SessionEntity);
    const id = (await t.http().get(`${BASE}/me/sessions`).set('Authorization', auth)).body.items.find((s: { current: boolean }) => s.current).id;
    const signedInAt = (await repo.findOneByOrFail({ id })).lastSeenAt!.getTime();
    t.clock.advanceSeconds(30);
    await t.http().get(`${BASE}/auth/session`).set('Authorization', auth).expect(200);
    await settle();
    assert.equal((await repo.findOneByOrFail({ id })).lastSeenAt!.getTime(), signedInAt, 'under a minute: no write');
    t.clock.advanceSeconds(31);
    const at = t.clock.now().getTime();
    await t.http().get(`${BASE}/auth/session`).set('Authorization', auth).expect(200);
    await waitFor(async () => (await repo.findOneByOrFail({ id })).lastSeenAt!.getTime() === at);
    t.clock.advanceSeconds(10);
    await t.http().get(`${BASE}/auth/session`).set('Authorization', auth).expect(200);
    await settle();
    assert.equal((await repo.findOneByOrFail({ id })).lastSeenAt!.getTime(), at);
    const listed = (await t.http().get(`${BASE}/me/sessions`).set('Authorization', auth)).body.items.find((s: { id: string }) => s.id === id);
    assert.equal(listed.lastSeenAt, new Date(at).toISOString());
  });
});

const settle = () => new Promise((r) => setTimeout(r, 50));

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await settle();
  }
  assert.fail('condition not reached');
}

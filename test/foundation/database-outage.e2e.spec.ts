import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RecentMessages } from '../../src/notifications/channels/log/recent-messages';
import { TcpProxy } from '../helpers/tcp-proxy';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

const SKIP = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL): the outage is a TCP proxy between the service and the database server';
const API = '/api/v1/realms/demo';

/** Polls until `check` passes or `ms` elapse. */
async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the database goes away and comes back', { skip: SKIP }, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let auth: string;
  let sid: string;

  before(async () => {
    db = await createTestDatabase();
    proxy = await TcpProxy.for(db.url).start();
    t = await createTestApp({ db: { ...db, url: proxy.via(db.url) } });
    const login = await t.http().post(`${API}/auth/login`).send({ login: TEST_ADMIN.login, password: TEST_ADMIN.password }).expect(200);
    auth = `Bearer ${login.body.accessToken}`;
    sid = String(login.headers['set-cookie']).split(';')[0];
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
    await db?.drop();
  });

  /** What every kind of caller sees while the database is unreachable; each answer within 5 s. */
  async function assertUnavailable(): Promise<void> {
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      const res = await call();
      assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
      return res;
    };
    const ready = await timed(() => t.http().get('/health/ready'));
    assert.equal(ready.status, 503);
    assert.equal(ready.body.code, 'service_unavailable');

    const session = await timed(() => t.http().get(`${API}/auth/session`).set('Authorization', auth));
    assert.equal(session.status, 503);
    assert.deepEqual(session.body, { statusCode: 503, code: 'service_unavailable', message: 'The service is temporarily unavailable.' });

    const login = await timed(() => t.http().post(`${API}/auth/login`).set('Accept-Language', 'ru').send({ login: 'someone', password: 'whatever it is' }));
    assert.equal(login.status, 503);
    assert.equal(login.body.code, 'service_unavailable');
    assert.equal(login.body.message, 'Сервис временно недоступен.');

    const page = await timed(() => t.http().get('/realms/demo/account').set('Cookie', sid).set('Accept-Language', 'ru'));
    assert.equal(page.status, 503);
    assert.match(page.headers['content-type'], /text\/html/);
    assert.match(page.text, /<html lang="ru">/);
    assert.match(page.text, /Сервис временно недоступен/);
  }

  async function assertRecovered(email: string): Promise<void> {
    await eventually(async () => (await t.http().get('/health/ready')).status === 200);
    // The session acknowledged before the outage still works.
    const session = await t.http().get(`${API}/auth/session`).set('Authorization', auth).expect(200);
    assert.equal(session.body.user.login, TEST_ADMIN.login);
    // The delivery worker's own timer picks up new notices again.
    await t.http().post(`${API}/me/contacts/email`).set('Authorization', auth).send({ email }).expect(202);
    await eventually(async () => t.get(RecentMessages).list().some((m) => m.to === email));
  }

  it('answers 503 service_unavailable quickly while connections are refused, and recovers by itself', async () => {
    proxy.cut();
    await assertUnavailable();
    proxy.restore();
    await assertRecovered('after-cut@example.org');
  });

  it('answers 503 within 5 s while the network swallows every packet, and recovers by itself', async () => {
    proxy.blackhole();
    await assertUnavailable();
    proxy.restore();
    await assertRecovered('after-blackhole@example.org');
  });
});

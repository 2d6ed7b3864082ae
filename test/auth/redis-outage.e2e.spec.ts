import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { AppLogger } from '../../src/common/logging/app-logger';
import { createLogger } from '../../src/common/logging/logger';
import { TcpProxy } from '../helpers/tcp-proxy';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const API = '/api/v1/realms/demo';

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis goes away and comes back', { skip: REDIS_TEST_URL ? false : 'set REDIS_TEST_URL to run against Redis' }, () => {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  const lines: Array<{ level: string; msg: string }> = [];
  let proxy: TcpProxy;
  let t: TestApp;
  let redis: Redis;

  before(async () => {
    proxy = await TcpProxy.for(REDIS_TEST_URL!).start();
    redis = new Redis(REDIS_TEST_URL!);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: string; msg: string });
        done();
      },
    });
    const logger = new AppLogger(createLogger('info', sink));
    t = await createTestApp({
      env: { REDIS_URL: proxy.via(REDIS_TEST_URL!), REDIS_KEY_PREFIX: prefix, THROTTLE_LOGIN_ID_LIMIT: '3', THROTTLE_RECOVERY_LIMIT: '3' },
      configure: (b) => b.overrideProvider(AppLogger).useValue(logger),
    });
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const degraded = async () => /^rate_limit_store_degraded (\d)/m.exec((await t.http().get('/metrics')).text)?.[1];
  const sharedKeys = async () => (await redis.keys(`${prefix}*`)).length;
  const warnings = () => lines.filter((l) => l.level === 'warn' && /per-instance counters/.test(l.msg));
  const signIn = async (login: string, password: string) => {
    const started = Date.now();
    const res = await t.http().post(`${API}/auth/login`).send({ login, password });
    assert.ok(Date.now() - started < 5000, `sign-in took ${Date.now() - started} ms`);
    return res;
  };

  /** Sign-in and recovery answer, and each limit still holds on this instance. */
  async function assertLimitsHoldInMemory(name: string): Promise<void> {
    assert.equal((await signIn(TEST_ADMIN.login, TEST_ADMIN.password)).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await signIn(name, 'wrong password')).status, 401);
    assert.equal((await signIn(name, 'wrong password')).status, 429);
    const check = () => t.http().post(`${API}/recovery/password/reset/check`).send({ token: 'not-a-token' });
    for (let i = 0; i < 3; i++) assert.ok((await check()).status < 500);
    assert.equal((await check()).status, 429);
  }

  it('counts in Redis while it answers', async () => {
    assert.equal((await signIn(TEST_ADMIN.login, TEST_ADMIN.password)).status, 200);
    assert.ok((await sharedKeys()) > 0);
    assert.equal(await degraded(), '0');
  });

  it('falls back to per-instance counters when Redis is down, warns once, and resumes the shared ones', async () => {
    proxy.cut();
    await assertLimitsHoldInMemory('cut-user');
    assert.equal(await degraded(), '1');
    assert.equal(warnings().length, 1);

    proxy.restore();
    await eventually(async () => (await degraded()) === '0');
    const before = await sharedKeys();
    assert.equal((await signIn('back-user', 'wrong password')).status, 401);
    assert.ok((await sharedKeys()) > before, 'the new counter is in Redis');
  });

  it('does not wait on a Redis that swallows every packet', async () => {
    const warned = warnings().length;
    proxy.blackhole();
    await assertLimitsHoldInMemory('blackhole-user');
    assert.equal(await degraded(), '1');
    assert.equal(warnings().length, warned + 1);
    proxy.restore();
    await eventually(async () => (await degraded()) === '0');
  });
});

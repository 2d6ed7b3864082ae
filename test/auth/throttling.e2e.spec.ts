import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Module, Post } from '@nestjs/common';
import Redis from 'ioredis';
import { RecoveryThrottle } from '../../src/auth/throttle/recovery-throttle.decorator';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Stand-in recovery routes, as the recovery module will declare them. */
@Controller('api/v1/realms/:realm/recovery-probe')
class RecoveryProbeController {
  @Post('request')
  @RecoveryThrottle()
  request(): { ok: true } {
    return { ok: true };
  }

  @Post('check')
  @RecoveryThrottle()
  check(): { ok: true } {
    return { ok: true };
  }

  @Get('unthrottled')
  free(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [RecoveryProbeController] })
class RecoveryProbeModule {}

const login = (t: TestApp, body: object, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/realms/demo/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send(body);
};

function assertThrottled(res: { status: number; body: { code?: string }; headers: Record<string, string> }): void {
  assert.equal(res.status, 429);
  assert.equal(res.body.code, 'too_many_requests');
  const retry = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${res.headers['retry-after']}`);
}

describe('throttling (memory storage)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { THROTTLE_LOGIN_LIMIT: '3', THROTTLE_LOGIN_ID_LIMIT: '2', THROTTLE_RECOVERY_LIMIT: '2' }, extraModules: [RecoveryProbeModule] });
  });
  after(() => t.close());

  it('limits login per login name, normalised, unknown names included, with 429 and Retry-After', async () => {
    assert.equal((await login(t, { login: 'ghost', password: 'x' })).status, 401);
    assert.equal((await login(t, { login: 'GHOST', password: 'x' })).status, 401);
    const third = await login(t, { login: 'Ghost', password: 'x' });
    assertThrottled(third);
    assert.equal(third.headers['x-ratelimit-remaining'], undefined, 'no per-name counters in headers');
  });

  it('limits login per client IP across names', async () => {
    // 3 requests an IP a minute; the previous test already used them from this address.
    assertThrottled(await login(t, { login: 'someone-else', password: 'x' }));
  });

  it('does not throttle health, metrics, docs, the password policy or undecorated routes', async () => {
    for (let i = 0; i < 6; i++) {
      for (const path of ['/health/live', '/metrics', '/docs-json', '/api/v1/realms/demo/password-policy', '/api/v1/realms/demo/recovery-probe/unthrottled']) {
        assert.equal((await t.http().get(path)).status, 200, path);
      }
    }
  });

  it('@RecoveryThrottle(): THROTTLE_RECOVERY_LIMIT a minute per client IP across every recovery route', async () => {
    const post = (path: string) => t.http().post(`/api/v1/realms/demo/recovery-probe/${path}`).send({});
    assert.equal((await post('request')).status, 201);
    assert.equal((await post('check')).status, 201);
    assertThrottled(await post('request'));
    assertThrottled(await post('check'));
  });
});

describe('throttling and TRUST_PROXY', () => {
  it('takes the client IP from X-Forwarded-For only when the proxy is trusted', async () => {
    const trusting = await createTestApp({ env: { THROTTLE_LOGIN_LIMIT: '1', TRUST_PROXY: 'loopback' } });
    const direct = await createTestApp({ env: { THROTTLE_LOGIN_LIMIT: '1' } });
    try {
      assert.equal((await login(trusting, { login: 'a', password: 'x' }, '203.0.113.1')).status, 401);
      assert.equal((await login(trusting, { login: 'b', password: 'x' }, '203.0.113.2')).status, 401, 'another client behind the proxy');
      assertThrottled(await login(trusting, { login: 'c', password: 'x' }, '203.0.113.1'));

      assert.equal((await login(direct, { login: 'a', password: 'x' }, '203.0.113.1')).status, 401);
      assertThrottled(await login(direct, { login: 'b', password: 'x' }, '203.0.113.2'));
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;

describe('throttling (Redis storage shared by instances)', { skip: REDIS_TEST_URL ? false : 'set REDIS_TEST_URL to run against Redis' }, () => {
  const prefix = `test-${randomBytes(6).toString('hex')}:`;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    const env = { REDIS_URL: REDIS_TEST_URL!, REDIS_KEY_PREFIX: prefix, THROTTLE_LOGIN_LIMIT: '3' };
    a = await createTestApp({ env });
    b = await createTestApp({ env, db: a.db });
  });
  after(async () => {
    await b?.close();
    await a?.close();
    const redis = new Redis(REDIS_TEST_URL!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts requests to two instances together and answers 429 with Retry-After', async () => {
    assert.equal((await login(a, { login: 'x1', password: 'x' })).status, 401);
    assert.equal((await login(b, { login: 'x2', password: 'x' })).status, 401);
    assert.equal((await login(a, { login: 'x3', password: 'x' })).status, 401);
    assertThrottled(await login(b, { login: 'x4', password: 'x' }));
    assertThrottled(await login(a, { login: 'x5', password: 'x' }));
    const redis = new Redis(REDIS_TEST_URL!);
    try {
      const keys = await redis.keys(`${prefix}*`);
      assert.ok(keys.length > 0);
      // Only an HMAC and the throttler name: no login name or IP in clear.
      const shape = new RegExp(`^${prefix}throttle:\\{[A-Za-z0-9_+/=-]{32,}:login-(ip|id)\\}:(hits|blocked)$`);
      for (const k of keys) assert.match(k, shape);
    } finally {
      await redis.quit();
    }
  });
});

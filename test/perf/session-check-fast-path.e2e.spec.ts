import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Response } from 'supertest';
import { SessionsService } from '../../src/auth/sessions.service';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TEST_ADMIN, TestApp } from '../helpers/test-app';

const PASSWORD = 'a long enough passphrase 1';
const SESSION = '/api/v1/realms/demo/auth/session';

/** Headers a client sees, without the ones that differ between any two answers. */
function visibleHeaders(res: Response): Record<string, unknown> {
  const { 'x-request-id': _id, date: _date, ...rest } = res.headers as Record<string, unknown>;
  return rest;
}

/**
 * The session check answered before the router (`SessionCheckFastPath`) must be the controller's
 * answer, byte for byte: a bearer token takes the fast path, the `sid` cookie goes through Nest.
 */
describe('session check fast path', () => {
  let t: TestApp;
  let peeks = 0;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'shop', 'merchant');
    await createUser(t, { login: 'forced', password: PASSWORD, mustChangePassword: true });
    await createUser(t, { realm: 'shop', login: 'clerk', password: PASSWORD });
    // Counts the fast path's reads (the controller's guard calls validate, not peek).
    const sessions = t.get(SessionsService);
    const peek = sessions.peek.bind(sessions);
    sessions.peek = (token, realmId) => {
      peeks++;
      return peek(token, realmId);
    };
  });
  after(() => t.close());
  beforeEach(() => {
    peeks = 0;
  });

  it('answers a bearer token with exactly the controller\'s answer: status, body and headers', async () => {
    const s = await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password);
    const fast = await t.http().get(SESSION).set('Authorization', s.auth);
    assert.equal(peeks, 1, 'the bearer request was answered by the fast path');
    const viaNest = await t.http().get(SESSION).set('Cookie', `sid=${s.token}`);
    assert.equal(peeks, 1, 'the cookie request went through the controller');
    assert.equal(fast.status, 200);
    assert.equal(fast.text, viaNest.text);
    assert.deepEqual(visibleHeaders(fast), visibleHeaders(viaNest));
    assert.equal(fast.body.user.login, 'admin');
    assert.match(String(fast.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(fast.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const withQuery = await t.http().get(`${SESSION}?x=1`).set('Authorization', s.auth);
    assert.equal(withQuery.text, fast.text);
    assert.equal(peeks, 2);
  });

  it('a session with a pending forced password change is answered too, as the route allows it', async () => {
    const s = await loginAs(t, 'forced', PASSWORD);
    const fast = await t.http().get(SESSION).set('Authorization', s.auth);
    const viaNest = await t.http().get(SESSION).set('Cookie', `sid=${s.token}`);
    assert.equal(peeks, 1);
    assert.equal(fast.status, 200);
    assert.equal(fast.body.user.mustChangePassword, true);
    assert.equal(fast.text, viaNest.text);
  });

  it('leaves every other outcome to the controller: the contract\'s errors, unchanged', async () => {
    const s = await loginAs(t, TEST_ADMIN.login, TEST_ADMIN.password);
    const unknown = await t.http().get(SESSION).set('Authorization', 'Bearer not-a-session');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'unauthenticated');
    const otherRealm = await t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', s.auth);
    assert.equal(otherRealm.status, 401, "a token of realm demo is not a session of realm shop");
    assert.equal(otherRealm.body.code, 'unauthenticated');
    const noRealm = await t.http().get('/api/v1/realms/nowhere/auth/session').set('Authorization', s.auth);
    assert.equal(noRealm.status, 404);
    assert.equal(noRealm.body.code, 'realm_not_found');
    const head = await t.http().head(SESSION).set('Authorization', s.auth);
    assert.equal(head.status, 200);
    const slash = await t.http().get(`${SESSION}/`).set('Authorization', s.auth);
    assert.equal(slash.status, 200, 'a trailing slash reaches the controller, as before');
    assert.equal(peeks, 2, 'the fast path looked at the unknown token and the other realm only, and answered neither');
    assert.equal((await t.http().post('/api/v1/realms/demo/auth/logout').set('Authorization', s.auth)).status, 204);
    const ended = await t.http().get(SESSION).set('Authorization', s.auth);
    assert.equal(ended.status, 401);
    assert.equal(ended.body.code, 'unauthenticated');
  });

  it('counts its answers under the route in the metrics', async () => {
    const s = await loginAs(t, 'clerk', PASSWORD, 'shop');
    const before = await t.http().get('/metrics');
    const count = (text: string) =>
      Number(/http_requests_total\{method="GET",route="\/api\/v1\/realms\/:realm\/auth\/session",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    for (let i = 0; i < 3; i++) assert.equal((await t.http().get('/api/v1/realms/shop/auth/session').set('Authorization', s.auth)).status, 200);
    assert.equal(peeks, 3);
    assert.equal(count((await t.http().get('/metrics')).text) - count(before.text), 3);
  });
});

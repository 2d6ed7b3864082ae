import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { RealmsService } from '../../src/realms/realms.service';
import { createRealm, createUser } from '../helpers/fixtures';
import { createRecoveryTestApp, RecoveryTestApp } from '../helpers/recovery';

/** Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (where transactions really overlap). */
describe(`recovery under concurrent identical requests (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: RecoveryTestApp;
  let realmId: string;
  const PARALLEL = 8;

  before(async () => {
    t = await createRecoveryTestApp();
    realmId = await createRealm(t, 'shop', 'merchant');
    await createRealm(t, 'school', 'school');
    const org = await t.get(RealmsService).createOrganization(realmId, { name: 'Store', slug: 'store', adminContact: 'Store admin' });
    await createUser(t, { realm: 'shop', login: 'buyer', email: 'buyer@example.org', emailVerified: true });
    await createUser(t, { realm: 'shop', login: 'stuck', email: 'stuck@example.org', emailVerified: false, organizationId: org.id });
    await createUser(t, { realm: 'shop', login: 'boss', email: 'boss@example.org', emailVerified: true, roles: ['org_admin'], organizationId: org.id });
    await createUser(t, { realm: 'school', login: 'kid', email: 'kid@example.org', emailVerified: true, birthDate: '2011-02-03' });
  });
  after(() => t.close());

  const burst = <T>(make: () => Promise<T>) => Promise.all(Array.from({ length: PARALLEL }, make));

  it('sends one reset link for the cooldown, however many requests race for it; each gets its own flow', async () => {
    t.take();
    const answers = await burst(() => t.http().post('/api/v1/realms/shop/recovery/password').send({ login: 'buyer', email: 'buyer@example.org' }));
    assert.deepEqual(answers.map((a) => a.status), Array(PARALLEL).fill(202));
    assert.equal(new Set(answers.map((a) => a.body.flowId)).size, PARALLEL);
    assert.equal(t.take({ notice: 'reset-link' }).length, 1);
    const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM reset_tokens`);
    assert.equal(Number(n), 1);
  });

  it('opens one access request and tells the admin once, however many requests race', async () => {
    t.take();
    const answers = await burst(() => t.http().post('/api/v1/realms/shop/recovery/password').send({ login: 'stuck', email: 'stuck@example.org' }));
    assert.deepEqual(answers.map((a) => a.body.code), Array(PARALLEL).fill('contact_admin'));
    const requests = t.get(AccessRequestsService);
    assert.equal((await requests.list({ realmId, status: 'open' })).length, 1);
    await Promise.all([requests.notifyAdmins(), requests.notifyAdmins()]);
    assert.deepEqual(t.take({ notice: 'access-request' }).map((n) => n.to), ['boss@example.org']);
    const created = await t.dataSource.query(`SELECT id FROM audit_events WHERE type = 'access_request.created'`);
    assert.equal(created.length, 1);
  });

  it('sends the login once for the cooldown, however many forgot-login requests race', async () => {
    t.take();
    const captchas = await Promise.all(Array.from({ length: PARALLEL }, () => t.captcha('school')));
    const answers = await Promise.all(captchas.map((c) => t.http().post('/api/v1/realms/school/recovery/login').send({ email: 'kid@example.org', birthDate: '2011-02-03', ...c })));
    assert.deepEqual(answers.map((a) => a.status), Array(PARALLEL).fill(202));
    assert.equal(t.take({ notice: 'login-reminder' }).length, 1);
  });
});

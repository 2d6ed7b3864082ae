import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { RealmsService } from '../../src/realms/realms.service';
import { RecoveryPurgeService } from '../../src/recovery/recovery-purge.service';
import { createRealm, createUser } from '../helpers/fixtures';
import { createRecoveryTestApp, RecoveryTestApp } from '../helpers/recovery';

const LOGIN_SENT_RU = 'Логин будет отправлен на указанный email только при совпадении введенной даты рождения.';

describe('forgot login and forgot both', () => {
  let t: RecoveryTestApp;
  let realmId: string;
  let orgId: string;
  const post = async (kind: 'login' | 'both', body: Record<string, unknown>, realm = 'school') => {
    t.clock.advanceSeconds(61);
    return t.http().post(`${t.api(realm)}/recovery/${kind}`).set('Accept-Language', 'ru').send({ ...body, ...(await t.captcha(realm)) });
  };

  before(async () => {
    t = await createRecoveryTestApp();
    realmId = await createRealm(t, 'school', 'school');
    await createRealm(t, 'shop', 'merchant');
    orgId = (await t.get(RealmsService).createOrganization(realmId, { name: 'Group 7', slug: 'g7' })).id;
    await createUser(t, { realm: 'school', login: 'Ivanov.P', email: 'ivanov@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, birthDate: '2009-03-14', locale: 'ru' });
    await createUser(t, { realm: 'school', login: 'petrova', email: 'petrova@example.org', emailVerified: false, birthDate: '2010-01-02', organizationId: orgId });
    await createUser(t, { realm: 'school', login: 'curator', email: 'curator@example.org', emailVerified: true, roles: ['org_admin'], organizationId: orgId, locale: 'en' });
    await createUser(t, { realm: 'school', login: 'sidorov', email: 'sidorov@example.org', emailVerified: true, birthDate: '2008-08-08', canChangeOwnPassword: false, organizationId: orgId });
    await createUser(t, { realm: 'shop', login: 'merchant', email: 'ivanov@example.org', emailVerified: true, birthDate: '2009-03-14' });
    t.take();
  });
  after(() => t.close());

  it('sends the login to the confirmed e-mail only when the date of birth matches; the answer never changes', async () => {
    const hit = await post('login', { email: 'Ivanov@example.org', birthDate: '2009-03-14' });
    assert.equal(hit.status, 202);
    assert.deepEqual(Object.keys(hit.body), ['message']);
    assert.ok(hit.body.message.startsWith(LOGIN_SENT_RU));
    const [mail, ...rest] = t.take();
    assert.equal(rest.length, 0);
    assert.deepEqual({ notice: mail.notice, channel: mail.channel, to: mail.to, secrets: mail.secrets }, { notice: 'login-reminder', channel: 'email', to: 'ivanov@example.org', secrets: { login: 'Ivanov.P' } });
    const wrongDate = await post('login', { email: 'ivanov@example.org', birthDate: '2009-03-15' });
    const unknown = await post('login', { email: 'nobody@example.org', birthDate: '2009-03-14' });
    for (const res of [wrongDate, unknown]) assert.deepEqual([res.status, res.body], [202, hit.body]);
    assert.equal(t.take().length, 0);
  });

  it('sends the login by SMS to the confirmed phone entered (national format read as Russian)', async () => {
    const res = await post('login', { phone: '8 (953) 354-12-34', birthDate: '2009-03-14' });
    assert.equal(res.status, 202);
    const [sms, ...rest] = t.take();
    assert.equal(rest.length, 0);
    assert.deepEqual({ notice: sms.notice, channel: sms.channel, to: sms.to, secrets: sms.secrets }, { notice: 'login-reminder', channel: 'sms', to: '+79533541234', secrets: { login: 'Ivanov.P' } });
    await post('login', { email: 'ivanov@example.org', phone: '+79533541234', birthDate: '2009-03-14' });
    assert.deepEqual(t.take().map((n) => n.channel).sort(), ['email', 'sms']);
  });

  it('forgot both: the message carries the login and a reset link', async () => {
    const res = await post('both', { email: 'ivanov@example.org', birthDate: '2009-03-14' });
    const login = await post('login', { email: 'nobody@example.org', birthDate: '2000-01-01' });
    assert.deepEqual(res.body, login.body);
    const [mail] = t.take({ notice: 'login-and-reset-link' });
    assert.equal(mail.secrets!.login, 'Ivanov.P');
    assert.match(mail.secrets!.link, /^http:\/\/localhost:3000\/realms\/school\/reset-password\?token=[A-Za-z0-9_-]{43,}$/);
    assert.deepEqual(mail.params, { ttlSeconds: 3600 });
  });

  it('sends nothing to an unconfirmed contact but queues an access request for the organisation admins', async () => {
    await post('login', { email: 'petrova@example.org', birthDate: '2010-01-02' });
    await t.get(AccessRequestsService).notifyAdmins();
    const sent = t.take();
    assert.deepEqual(sent.map((n) => [n.notice, n.to, n.locale]), [['access-request', 'curator@example.org', 'en']]);
    const open = await t.get(AccessRequestsService).list({ realmId, organizationId: orgId, status: 'open' });
    assert.deepEqual(open.map((r) => [r.login, r.reason]), [['petrova', 'no_confirmed_contact']]);
  });

  it('forgot both for a user without the right: the login only, and an access request', async () => {
    await post('both', { email: 'sidorov@example.org', birthDate: '2008-08-08' });
    await t.get(AccessRequestsService).notifyAdmins();
    assert.deepEqual(t.take().map((n) => n.notice).sort(), ['access-request', 'login-reminder']);
  });

  it('sends nothing new within the cooldown', async () => {
    const body = { email: 'ivanov@example.org', birthDate: '2009-03-14' };
    await post('login', body);
    const again = await t.http().post(`${t.api('school')}/recovery/login`).send({ ...body, ...(await t.captcha('school')) });
    assert.equal(again.status, 202);
    assert.equal(t.take().length, 1);
  });

  it('always requires the captcha, one contact and a real date', async () => {
    const shop = `${t.api('shop')}/recovery/login`;
    const none = await t.http().post(shop).set('Accept-Language', 'en').send({ email: 'ivanov@example.org', birthDate: '2009-03-14' });
    assert.equal(none.body.code, 'validation_failed');
    assert.deepEqual(none.body.details.fields.map((f: { field: string }) => f.field).sort(), ['captchaAnswer', 'captchaId']);
    const wrong = await t.http().post(shop).send({ email: 'ivanov@example.org', birthDate: '2009-03-14', captchaId: (await t.captcha('shop')).captchaId, captchaAnswer: '0' });
    assert.equal(wrong.body.code, 'captcha_invalid');
    const noContact = await post('login', { birthDate: '2009-03-14' });
    assert.deepEqual(noContact.body.details.fields.map((f: { field: string }) => f.field), ['email', 'phone']);
    for (const birthDate of ['2009-02-30', '14.03.2009', '']) {
      const res = await post('login', { email: 'ivanov@example.org', birthDate });
      assert.deepEqual([res.status, res.body.details.fields[0].field], [400, 'birthDate']);
    }
    const badPhone = await post('login', { phone: '12', birthDate: '2009-03-14' });
    assert.deepEqual(badPhone.body.details.fields, [{ field: 'phone', message: 'Некорректный номер телефона.' }]);
    assert.equal(t.take().filter((n) => n.notice !== 'access-request').length, 0);
  });

  it('keeps realms apart: the same e-mail in another realm gets its own login only there', async () => {
    await post('login', { email: 'ivanov@example.org', birthDate: '2009-03-14' }, 'shop');
    assert.deepEqual(t.take().map((n) => [n.secrets?.login, n.realmId === realmId]), [['merchant', false]]);
  });

  it('purges expired captchas, tokens and flows', async () => {
    await t.captcha('school');
    t.clock.advanceSeconds(2 * 86400);
    const purged = await t.get(RecoveryPurgeService).purge();
    assert.ok(purged.captchas >= 1 && purged.tokens >= 1 && purged.flows >= 1, JSON.stringify(purged));
    for (const table of ['captchas', 'reset_tokens', 'recovery_flows']) {
      const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
      assert.equal(Number(n), 0, table);
    }
  });
});

describe('AccessRequestsService', () => {
  let t: RecoveryTestApp;
  before(async () => {
    t = await createRecoveryTestApp();
  });
  after(() => t.close());

  it('lists by organisation and status, resolves once with a note, and keeps other organisations out', async () => {
    const realmId = await createRealm(t, 'r', 'standard');
    const realms = t.get(RealmsService);
    const a = await realms.createOrganization(realmId, { name: 'A', slug: 'a' });
    const b = await realms.createOrganization(realmId, { name: 'B', slug: 'b' });
    const ua = await createUser(t, { realm: 'r', login: 'ua', organizationId: a.id });
    const ub = await createUser(t, { realm: 'r', login: 'ub', organizationId: b.id });
    const admin = await createUser(t, { realm: 'r', login: 'admin-a', roles: ['org_admin'], organizationId: a.id });
    const service = t.get(AccessRequestsService);
    const ra = await service.open({ realmId, user: ua, reason: 'no_confirmed_contact', defaultLocale: 'en' });
    await service.open({ realmId, user: ub, reason: 'cannot_change_password', defaultLocale: 'en' });
    assert.deepEqual(await service.open({ realmId, user: ua, reason: 'no_confirmed_contact', defaultLocale: 'en' }), { id: ra.id, created: false });
    assert.deepEqual((await service.list({ realmId, organizationId: a.id })).map((r) => r.login), ['ua']);
    await assert.rejects(service.resolve({ realmId, id: ra.id, actorId: admin.id, organizationId: b.id }), (e: { code: string }) => e.code === 'access_request_not_found');
    await assert.rejects(service.resolve({ realmId, id: 'nope', actorId: admin.id }), (e: { code: string }) => e.code === 'access_request_not_found');
    await service.resolve({ realmId, id: ra.id, actorId: admin.id, note: 'Phoned, e-mail confirmed', organizationId: a.id });
    const [resolved] = await service.list({ realmId, status: 'resolved' });
    assert.deepEqual([resolved.id, resolved.resolvedBy, resolved.note, resolved.resolvedAt], [ra.id, admin.id, 'Phoned, e-mail confirmed', t.clock.now().toISOString()]);
    assert.deepEqual((await service.list({ realmId, status: 'open' })).map((r) => r.login), ['ub']);
    const reopened = await service.open({ realmId, user: ua, reason: 'no_confirmed_contact', defaultLocale: 'en' });
    assert.equal(reopened.created, true, 'a new request once the earlier one is resolved');
    const types = (await t.dataSource.query(`SELECT type FROM audit_events WHERE type LIKE 'access_request.%' ORDER BY type`)).map((r: { type: string }) => r.type);
    assert.deepEqual(types, ['access_request.created', 'access_request.created', 'access_request.created', 'access_request.resolved']);
  });

  it('tells the realm admins of requests from users without an organisation (org admins otherwise), once', async () => {
    const realmId = await createRealm(t, 'loose', 'standard');
    const org = await t.get(RealmsService).createOrganization(realmId, { name: 'O', slug: 'o' });
    const lone = await createUser(t, { realm: 'loose', login: 'lone' });
    const member = await createUser(t, { realm: 'loose', login: 'member', organizationId: org.id });
    await createUser(t, { realm: 'loose', login: 'root', email: 'root@example.org', emailVerified: true, roles: ['realm_admin'] });
    await createUser(t, { realm: 'loose', login: 'root-unconfirmed', email: 'ru@example.org', emailVerified: false, roles: ['realm_admin'] });
    await createUser(t, { realm: 'loose', login: 'orgboss', email: 'orgboss@example.org', emailVerified: true, roles: ['org_admin'], organizationId: org.id });
    const service = t.get(AccessRequestsService);
    t.take();
    await service.open({ realmId, user: lone, reason: 'no_confirmed_contact' });
    await service.open({ realmId, user: member, reason: 'cannot_change_password' });
    await service.notifyAdmins();
    await service.notifyAdmins();
    assert.deepEqual(t.take({ notice: 'access-request' }).map((n) => [n.to, n.params?.login]).sort(), [['orgboss@example.org', 'member'], ['root@example.org', 'lone']]);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { RealmsService } from '../../src/realms/realms.service';
import { codeIn, deliveredMessages, lastDeliveredMessage, linkIn } from '../helpers/delivered-messages';
import { createRealm, createUser, loginAs } from '../helpers/fixtures';
import { TEST_CAPTCHA_ANSWER } from '../helpers/recovery';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Every flow end to end through HTTP, reading what the `log` channel actually delivered. */
describe('recovery throttling', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { THROTTLE_RECOVERY_LIMIT: '3' } });
  });
  after(() => t.close());

  it('answers 429 too_many_requests with Retry-After past THROTTLE_RECOVERY_LIMIT a minute per IP', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().post('/api/v1/realms/demo/recovery/password/reset/check').send({ token: 'x'.repeat(43) })).status);
    assert.deepEqual(statuses, [410, 410, 410, 429]);
    const res = await t.http().post('/api/v1/realms/demo/recovery/password/reset/check').send({ token: 'x'.repeat(43) });
    assert.equal(res.body.code, 'too_many_requests');
    assert.ok(Number(res.headers['retry-after']) > 0);
  });
});

describe('recovery flows, notices as delivered', () => {
  let t: TestApp;
  const api = (realm: string) => `/api/v1/realms/${realm}`;
  const captcha = async (realm: string) => ({ captchaId: (await t.http().post(`${api(realm)}/captcha`)).body.captchaId, captchaAnswer: TEST_CAPTCHA_ANSWER });

  before(async () => {
    t = await createTestApp({ env: { CAPTCHA_TEST_ANSWER: TEST_CAPTCHA_ANSWER, THROTTLE_RECOVERY_LIMIT: '100000' } });
    await createRealm(t, 'shop', 'merchant', { supportContact: 'support@belassist.by' });
    const schoolId = await createRealm(t, 'school', 'school');
    const org = await t.get(RealmsService).createOrganization(schoolId, { name: 'Group 9', slug: 'g9', adminContact: 'Curator' });
    await createUser(t, { realm: 'shop', login: 'merchant1', email: 'm1@example.org', emailVerified: true, locale: 'ru' });
    await createUser(t, { realm: 'school', login: 'Pupil.K', email: 'pupil@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, birthDate: '2009-03-14', locale: 'ru' });
    await createUser(t, { realm: 'school', login: 'stranded', email: 'st@example.org', emailVerified: false, birthDate: '2011-11-11', organizationId: org.id });
    await createUser(t, { realm: 'school', login: 'curator', email: 'curator@example.org', emailVerified: true, roles: ['org_admin'], organizationId: org.id, locale: 'ru' });
  });
  after(() => t.close());

  it('forgot password: the e-mail carries a PUBLIC_URL link and its lifetime as a duration', async () => {
    await t.http().post(`${api('shop')}/recovery/password`).set('Host', 'evil.example').send({ login: 'merchant1', email: 'm1@example.org' }).expect(202);
    const mail = (await lastDeliveredMessage(t, { to: 'm1@example.org', notice: 'reset-link' }))!;
    assert.equal(mail.channel, 'email');
    assert.match(linkIn(mail)!, /^http:\/\/localhost:3000\/realms\/shop\/reset-password\?token=[A-Za-z0-9_-]{43,}$/);
    assert.match(mail.text, /действительна в течение 1 часа/);
    const check = await t.http().post(`${api('shop')}/recovery/password/reset/check`).send({ token: new URL(linkIn(mail)!).searchParams.get('token') });
    assert.deepEqual([check.status, check.body.login], [200, 'merchant1']);
  });

  it('SMS fallback: the code arrives by SMS and yields a reset token', async () => {
    const flow = await t.http().post(`${api('school')}/recovery/password`).send({ login: 'pupil.k', ...(await captcha('school')) }).expect(202);
    await t.http().post(`${api('school')}/recovery/flows/${flow.body.flowId}/sms`).send({ phoneDigits: '1234' }).expect(202);
    const sms = (await lastDeliveredMessage(t, { to: '+79533541234', notice: 'confirmation-code' }))!;
    assert.equal(sms.channel, 'sms');
    const res = await t.http().post(`${api('school')}/recovery/flows/${flow.body.flowId}/code`).send({ code: codeIn(sms) });
    assert.equal(res.status, 200);
    const check = await t.http().post(`${api('school')}/recovery/password/reset/check`).send({ token: res.body.resetToken });
    assert.equal(check.body.login, 'Pupil.K');
    const password = 'a brand new school passphrase';
    await t.http().post(`${api('school')}/recovery/password/reset`).send({ token: res.body.resetToken, newPassword: password, newPasswordConfirm: password }).expect(204);
    await loginAs(t, 'pupil.k', password, 'school');
    // A flow closed by a reset answers like an expired one (a decoy is never closed early).
    assert.equal((await t.http().get(`${api('school')}/recovery/flows/${flow.body.flowId}`)).body.code, 'flow_expired');
    assert.ok(await lastDeliveredMessage(t, { to: 'pupil@example.org', notice: 'password-changed' }));
  });

  it('forgot login by phone, and forgot both by e-mail', async () => {
    await t.http().post(`${api('school')}/recovery/login`).send({ phone: '+79533541234', birthDate: '2009-03-14', ...(await captcha('school')) }).expect(202);
    const sms = (await lastDeliveredMessage(t, { to: '+79533541234', notice: 'login-reminder' }))!;
    assert.match(sms.text, /Pupil\.K/);
    t.clock.advanceSeconds(61);
    await t.http().post(`${api('school')}/recovery/both`).send({ email: 'pupil@example.org', birthDate: '2009-03-14', ...(await captcha('school')) }).expect(202);
    const mail = (await lastDeliveredMessage(t, { to: 'pupil@example.org', notice: 'login-and-reset-link' }))!;
    assert.match(mail.text, /Pupil\.K/);
    assert.match(linkIn(mail)!, /^http:\/\/localhost:3000\/realms\/school\/reset-password\?token=/);
  });

  it('not eligible: the organisation admin is told by e-mail', async () => {
    await t.http().post(`${api('school')}/recovery/password`).send({ login: 'stranded', ...(await captcha('school')) }).expect(202);
    await t.get(AccessRequestsService).notifyAdmins();
    const [mail] = await deliveredMessages(t, { to: 'curator@example.org', notice: 'access-request' });
    assert.match(mail.text, /stranded/);
  });
});

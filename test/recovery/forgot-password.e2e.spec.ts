import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { RealmsService } from '../../src/realms/realms.service';
import { createRealm, createUser, patchRealm } from '../helpers/fixtures';
import { createRecoveryTestApp, RecoveryTestApp, tokenOf } from '../helpers/recovery';

const SMS_STEP_RU = 'Для подтверждения восстановления доступа к своей странице укажите недостающие цифры номера телефона, который указан в вашем профиле.';
const LINK_SENT_RU = 'На ваш email отправлена ссылка для восстановления пароля';
const MISMATCH_RU =
  'Такой пользователь не существует или неверно указан e-mail. Введите, пожалуйста, корректные данные или обратитесь к администратору вашего магазина или в службу поддержки support@belassist.by';

describe('forgot password, explicit disclosure (merchant manual)', () => {
  let t: RecoveryTestApp;
  let orgId: string;
  const url = () => `${t.api('shop')}/recovery/password`;

  before(async () => {
    t = await createRecoveryTestApp();
    const realmId = await createRealm(t, 'shop', 'merchant', { supportContact: 'support@belassist.by' });
    orgId = (await t.get(RealmsService).createOrganization(realmId, { name: 'Store 1', slug: 'store-1', adminContact: 'Store admin, +375 17 000-00-00' })).id;
    await createUser(t, { realm: 'shop', login: 'Merchant1', email: 'm1@example.org', emailVerified: true, locale: 'en', organizationId: orgId });
    await createUser(t, { realm: 'shop', login: 'noright', email: 'nr@example.org', emailVerified: true, canChangeOwnPassword: false, organizationId: orgId });
    await createUser(t, { realm: 'shop', login: 'unconfirmed', email: 'u@example.org', emailVerified: false, organizationId: orgId });
    await createUser(t, { realm: 'shop', login: 'storeadmin', email: 'boss@example.org', emailVerified: true, roles: ['org_admin'], organizationId: orgId, locale: 'ru' });
    await createUser(t, { realm: 'shop', login: 'phoneonly', phone: '+79533541234', phoneVerified: true, organizationId: orgId });
    t.take();
  });
  after(() => t.close());

  it('sends the reset link to the confirmed e-mail, in the user language, and answers the manual sentence in ru', async () => {
    const res = await t.http().post(url()).set('Accept-Language', 'ru').send({ login: 'merchant1', email: 'M1@Example.org' });
    assert.equal(res.status, 202);
    assert.deepEqual(Object.keys(res.body).sort(), ['flowId', 'message']);
    assert.equal(res.body.message, LINK_SENT_RU);
    const [mail, ...rest] = t.take();
    assert.equal(rest.length, 0);
    assert.equal(mail.notice, 'reset-link');
    assert.equal(mail.channel, 'email');
    assert.equal(mail.to, 'm1@example.org');
    assert.equal(mail.locale, 'en');
    assert.deepEqual(mail.params, { ttlSeconds: 3600 });
    assert.match(mail.secrets!.link, /^http:\/\/localhost:3000\/realms\/shop\/reset-password\?token=[A-Za-z0-9_-]{43,}$/);
    assert.ok(Buffer.from(tokenOf(mail.secrets!.link), 'base64url').length >= 32);
    const en = await t.http().post(url()).set('Accept-Language', 'en').send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.equal(en.body.message, 'A password recovery link has been sent to your e-mail');
  });

  it('builds the link from PUBLIC_URL whatever Host and X-Forwarded-Host say', async () => {
    t.clock.advanceSeconds(61);
    const res = await t.http().post(url()).set('Host', 'evil.example').set('X-Forwarded-Host', 'evil.example').set('X-Forwarded-Proto', 'https').send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.equal(res.status, 202);
    const [mail] = t.take({ notice: 'reset-link' });
    assert.ok(mail.secrets!.link.startsWith('http://localhost:3000/realms/shop/reset-password?token='));
    assert.doesNotMatch(mail.secrets!.link, /evil/);
  });

  it('answers unknown login, wrong e-mail and a user without the right with 422 recovery_mismatch, word for word', async () => {
    for (const body of [{ login: 'ghost', email: 'm1@example.org' }, { login: 'Merchant1', email: 'other@example.org' }, { login: 'noright', email: 'nr@example.org' }]) {
      const res = await t.http().post(url()).set('Accept-Language', 'ru').send(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(res.body, { statusCode: 422, code: 'recovery_mismatch', message: MISMATCH_RU, details: { supportContact: 'support@belassist.by' } });
    }
    assert.equal(t.take({ notice: 'reset-link' }).length, 0);
  });

  it('queues an access request (and a notice to the org admin) for the user without the right', async () => {
    const requests = t.get(AccessRequestsService);
    const realm = (await t.get(RealmsService).findBySlug('shop'))!;
    const open = await requests.list({ realmId: realm.id, status: 'open' });
    const mine = open.filter((r) => r.login === 'noright');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].reason, 'cannot_change_password');
    assert.equal(mine[0].organizationId, orgId);
    // A repeated request does not open a second one nor write to the admins again.
    await requests.notifyAdmins();
    t.take();
    await t.http().post(url()).send({ login: 'noright', email: 'nr@example.org' });
    await requests.notifyAdmins();
    assert.equal((await requests.list({ realmId: realm.id, status: 'open' })).filter((r) => r.login === 'noright').length, 1);
    assert.equal(t.take({ notice: 'access-request' }).length, 0);
  });

  it('answers a user who cannot recover alone with 409 contact_admin and the organisation contact', async () => {
    const res = await t.http().post(url()).send({ login: 'unconfirmed', email: 'u@example.org' });
    assert.equal(res.status, 409);
    await t.get(AccessRequestsService).notifyAdmins();
    assert.equal(res.body.code, 'contact_admin');
    assert.deepEqual(res.body.details, { adminContact: 'Store admin, +375 17 000-00-00' });
    const [notice, ...rest] = t.take({ notice: 'access-request' });
    assert.equal(rest.length, 0);
    assert.equal(notice.to, 'boss@example.org');
    assert.equal(notice.locale, 'ru');
    assert.deepEqual(notice.params, { login: 'unconfirmed', reason: 'нет подтверждённого email или телефона для самостоятельного восстановления' });
  });

  it('gives a user with only a confirmed phone a flow with the SMS step (smsFallback on)', async () => {
    // Without smsFallback this user has no way in and no e-mail to match: an admin must help.
    const before = await t.http().post(url()).send({ login: 'phoneonly', email: 'x@example.org' });
    assert.deepEqual([before.status, before.body.code, before.body.details], [409, 'contact_admin', { adminContact: 'Store admin, +375 17 000-00-00' }]);
    await patchRealm(t, 'shop', { smsFallback: true });
    const res = await t.http().post(url()).send({ login: 'phoneonly', email: 'x@example.org' });
    assert.equal(res.status, 422, 'the e-mail entered must still match the account');
    await createUser(t, { realm: 'shop', login: 'phoneonly2', email: 'p2@example.org', phone: '+79533541234', phoneVerified: true });
    const ok = await t.http().post(url()).set('Accept-Language', 'ru').send({ login: 'phoneonly2', email: 'p2@example.org' });
    assert.equal(ok.status, 202);
    assert.equal(ok.body.message, SMS_STEP_RU, 'manual 002, word for word');
    assert.equal(t.take({ notice: 'reset-link' }).length, 0);
    const flow = await t.http().get(`${t.api('shop')}/recovery/flows/${ok.body.flowId}`);
    assert.equal(flow.status, 200);
    assert.deepEqual(flow.body, { flowId: ok.body.flowId, kind: 'password', state: 'requested', expiresAt: new Date(t.clock.now().getTime() + 3600_000).toISOString(), sms: { available: true, maskedPhone: '7953354****' } });
    await patchRealm(t, 'shop', { smsFallback: false });
  });

  it('sends nothing new for the same account within the cooldown, and again after it', async () => {
    t.clock.advanceSeconds(120);
    t.take();
    const a = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    const b = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.equal(b.body.message, a.body.message);
    assert.notEqual(b.body.flowId, a.body.flowId, 'a fresh flow every time, never an earlier one');
    assert.equal(t.take({ notice: 'reset-link' }).length, 1);
    t.clock.advanceSeconds(61);
    const c = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.notEqual(c.body.flowId, a.body.flowId);
    assert.equal(t.take({ notice: 'reset-link' }).length, 1);
    await patchRealm(t, 'shop', { recoveryCooldownSeconds: 0 });
    await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.equal(t.take({ notice: 'reset-link' }).length, 2);
    await patchRealm(t, 'shop', { recoveryCooldownSeconds: 60 });
  });

  it('requires the fields the realm names and a captcha when it is on', async () => {
    const noEmail = await t.http().post(url()).send({ login: 'Merchant1' });
    assert.equal(noEmail.status, 400);
    assert.equal(noEmail.body.code, 'validation_failed');
    assert.deepEqual(noEmail.body.details.fields.map((f: { field: string }) => f.field), ['email']);
    const unknown = await t.http().post(url()).set('Accept-Language', 'en').send({ login: 'Merchant1', email: 'm1@example.org', extra: 1 });
    assert.deepEqual(unknown.body.details.fields, [{ field: 'extra', message: 'Unknown field.' }]);
    assert.equal((await t.http().post(url()).send({ login: 'Merchant1', email: 'not-an-email' })).body.code, 'validation_failed');
    assert.equal((await t.http().post(url()).send({ login: 42, email: 'm1@example.org' })).body.code, 'validation_failed');
    await patchRealm(t, 'shop', { captcha: true });
    const noCaptcha = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org' });
    assert.deepEqual(noCaptcha.body.details.fields.map((f: { field: string }) => f.field), ['captchaId', 'captchaAnswer']);
    const bad = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org', captchaId: (await t.captcha('shop')).captchaId, captchaAnswer: '1' });
    assert.equal(bad.body.code, 'captcha_invalid');
    const good = await t.http().post(url()).send({ login: 'Merchant1', email: 'm1@example.org', ...(await t.captcha('shop')) });
    assert.equal(good.status, 202);
    await patchRealm(t, 'shop', { captcha: false });
    assert.equal((await t.http().post(`${t.api('nowhere')}/recovery/password`).send({ login: 'x', email: 'x@example.org' })).body.code, 'realm_not_found');
  });

  it('records recovery.requested without secrets', async () => {
    const rows: Array<{ type: string; details: string }> = await t.dataSource.query(`SELECT type, details FROM audit_events WHERE type = 'recovery.requested'`);
    assert.ok(rows.length > 0);
    for (const r of rows) assert.doesNotMatch(r.details, /token|link|http/i);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clearDeliveredMessages, codeIn, deliveredMessages, lastDeliveredMessage } from '../helpers/delivered-messages';
import { createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';
import { storedAuditEvents } from '../helpers/admin-world';

const ME = '/api/v1/realms/demo/me';
const PASSWORD = 'a long enough passphrase 1';

describe('own account and contact confirmation', () => {
  let t: TestApp;
  const codes: string[] = [];
  let auth: string;
  let userId: string;
  before(async () => {
    t = await createTestApp();
    const user = await createUser(t, { login: 'olga', password: PASSWORD, email: 'olga@old.example', emailVerified: true, birthDate: '2010-05-06', permissions: ['reports'] });
    userId = user.id;
    auth = (await loginAs(t, 'olga', PASSWORD)).auth;
  });
  after(() => t.close());

  const post = (path: string, body: object) => t.http().post(`${ME}${path}`).set('Authorization', auth).send(body);
  const me = async () => (await t.http().get(ME).set('Authorization', auth).expect(200)).body;
  const lastCode = async () => {
    const code = codeIn((await lastDeliveredMessage(t, { notice: 'confirmation-code' }))!)!;
    codes.push(code);
    return code;
  };

  it('answers the user with contacts, never a hash; 401 without a session', async () => {
    const body = await me();
    assert.equal(body.login, 'olga');
    assert.equal(body.email, 'olga@old.example');
    assert.equal(body.emailVerified, true);
    assert.equal(body.phone, null);
    assert.equal(body.phoneVerified, false);
    assert.equal(body.birthDate, '2010-05-06');
    assert.deepEqual(body.permissions, ['reports']);
    assert.ok(!JSON.stringify(body).includes('argon2'));
    assert.equal((await t.http().get(ME)).status, 401);
  });

  it('lets the user change only the language', async () => {
    const res = await t.http().patch(ME).set('Authorization', auth).send({ locale: 'ru' });
    assert.equal(res.status, 200);
    assert.equal(res.body.locale, 'ru');
    for (const body of [{ locale: 'de' }, { locale: 'en', email: 'x@y.z' }, { roles: ['realm_admin'] }, {}]) {
      const bad = await t.http().patch(ME).set('Authorization', auth).send(body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.body.code, 'validation_failed');
    }
    assert.deepEqual((await me()).roles, ['user']);
  });

  it('confirms a new e-mail with the code sent to it, and tells the old address', async () => {
    clearDeliveredMessages(t);
    await post('/contacts/email', { email: 'olga@new.example' }).expect(202);
    const sent = (await lastDeliveredMessage(t, { notice: 'confirmation-code' }))!;
    assert.equal(sent.channel, 'email');
    assert.equal(sent.to, 'olga@new.example');
    assert.equal(sent.locale, 'ru');
    const code = await lastCode();
    assert.match(code, /^\d{6}$/);
    assert.equal((await me()).email, 'olga@old.example', 'nothing changes before confirmation');
    await post('/contacts/email/confirm', { code }).expect(204);
    const after = await me();
    assert.equal(after.email, 'olga@new.example');
    assert.equal(after.emailVerified, true);
    const notice = (await lastDeliveredMessage(t, { notice: 'contact-changed' }))!;
    assert.equal(notice.to, 'olga@old.example');
    assert.equal(codeIn(notice), undefined, 'the notice carries no code');
    const again = await post('/contacts/email/confirm', { code });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'flow_state_invalid');
  });

  it('normalises phones to E.164 and refuses invalid ones', async () => {
    for (const phone of ['12345', '+7 000', 'not a phone', '']) {
      const res = await post('/contacts/phone', { phone });
      assert.equal(res.status, 400, phone);
      assert.equal(res.body.code, 'validation_failed');
      assert.equal(res.body.details.fields[0].field, 'phone');
    }
    clearDeliveredMessages(t);
    await post('/contacts/phone', { phone: '+7 (953) 354-12-34' }).expect(202);
    const sent = (await lastDeliveredMessage(t, { notice: 'confirmation-code' }))!;
    assert.equal(sent.channel, 'sms');
    assert.equal(sent.to, '+79533541234');
    await post('/contacts/phone/confirm', { code: await lastCode() }).expect(204);
    const after = await me();
    assert.equal(after.phone, '+79533541234');
    assert.equal(after.phoneVerified, true);
    assert.deepEqual(await deliveredMessages(t, { notice: 'contact-changed' }), [], 'no old confirmed phone to tell');
  });

  it('answers a wrong code 400 code_invalid with attemptsLeft, counting every try, then 423 flow_locked', async () => {
    await post('/contacts/phone', { phone: '+79533549999' }).expect(202);
    const code = await lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const res = await post('/contacts/phone/confirm', { code: wrong });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'code_invalid');
      assert.deepEqual(res.body.details, { attemptsLeft: left });
    }
    const locked = await post('/contacts/phone/confirm', { code });
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'flow_locked');
    const resend = await post('/contacts/phone', { phone: '+79533549999' });
    assert.equal(resend.status, 423, 'asking again does not buy more tries');
    assert.equal((await me()).phone, '+79533541234');
  });

  it('answers an expired code 410 flow_expired; a new request starts afresh and the earlier code dies', async () => {
    t.clock.advanceSeconds(301);
    const expired = await post('/contacts/phone/confirm', { code: '123456' });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.code, 'flow_expired');
    await post('/contacts/email', { email: 'olga@third.example' }).expect(202);
    const first = await lastCode();
    await post('/contacts/email', { email: 'olga@third.example' }).expect(202);
    const second = await lastCode();
    if (first !== second) {
      const stale = await post('/contacts/email/confirm', { code: first });
      assert.equal(stale.status, 400);
      assert.equal(stale.body.details.attemptsLeft, 4);
    }
    await post('/contacts/email/confirm', { code: second }).expect(204);
    assert.equal((await me()).email, 'olga@third.example');
    assert.equal((await lastDeliveredMessage(t, { notice: 'contact-changed' }))!.to, 'olga@new.example');
  });

  it('answers 409 flow_state_invalid with nothing pending, and 400 for malformed bodies', async () => {
    const res = await t.http().post(`${ME}/contacts/email/confirm`).set('Authorization', auth).send({ code: '123456' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'flow_state_invalid');
    assert.equal((await post('/contacts/email', { email: 'not-an-email' })).status, 400);
    assert.equal((await post('/contacts/email/confirm', {})).status, 400);
  });

  it('sends at most 5 codes per live confirmation, then 429 with Retry-After until it expires', async () => {
    for (let i = 0; i < 5; i++) await post('/contacts/email', { email: 'olga@fourth.example' }).expect(202);
    const capped = await post('/contacts/email', { email: 'olga@fourth.example' });
    assert.equal(capped.status, 429);
    assert.equal(capped.body.code, 'too_many_requests');
    assert.equal(capped.headers['retry-after'], '300');
    t.clock.advanceSeconds(300);
    await post('/contacts/email', { email: 'olga@fourth.example' }).expect(202);
    await lastCode();
  });

  it('stores codes only hashed and records contact.changed without the addresses or codes', async () => {
    const rows = JSON.stringify(await t.dataSource.query('SELECT * FROM contact_verifications'));
    const audit = JSON.stringify(await storedAuditEvents(t));
    await deliveredMessages(t);
    const outbox = JSON.stringify(await t.dataSource.query('SELECT * FROM notification_outbox'));
    assert.ok(codes.length >= 5);
    for (const code of codes) {
      assert.ok(!outbox.includes(code), 'code left in the outbox after delivery');
      assert.ok(!rows.includes(`"${code}"`), 'raw code stored');
      assert.ok(!audit.includes(code), 'code in audit');
    }
    assert.ok(!audit.includes('olga@'), 'address in audit');
    const events = (await storedAuditEvents(t)).filter((e) => e.type === 'contact.changed');
    assert.equal(events.length, 3);
    assert.ok(events.every((e) => e.userId === userId && e.actorId === userId));
  });
  it('ends the reset links sent to the old address once a new one is confirmed', async () => {
    const user = await createUser(t, { login: 'boris', password: PASSWORD, email: 'boris@old.example', emailVerified: true });
    const borisAuth = (await loginAs(t, 'boris', PASSWORD)).auth;
    await t.http().post('/api/v1/realms/demo/recovery/password').send({ login: 'boris', email: 'boris@old.example' }).expect(202);
    const live = () => t.dataSource.query(`SELECT id FROM reset_tokens WHERE "userId" = '${user.id}' AND "usedAt" IS NULL AND "revokedAt" IS NULL`);
    assert.equal((await live()).length, 1);
    await t.http().post(`${ME}/contacts/email`).set('Authorization', borisAuth).send({ email: 'boris@new.example' }).expect(202);
    const code = codeIn((await lastDeliveredMessage(t, { notice: 'confirmation-code', to: 'boris@new.example' }))!)!;
    await t.http().post(`${ME}/contacts/email/confirm`).set('Authorization', borisAuth).send({ code }).expect(204);
    assert.equal((await live()).length, 0);
  });
});

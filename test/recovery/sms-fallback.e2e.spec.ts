import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RealmsService } from '../../src/realms/realms.service';
import { UsersService } from '../../src/users/users.service';
import { createRealm, createUser } from '../helpers/fixtures';
import { createRecoveryTestApp, RecoveryTestApp } from '../helpers/recovery';

describe('SMS fallback', () => {
  let t: RecoveryTestApp;
  const flowUrl = (id: string, step = '') => `${t.api('school')}/recovery/flows/${id}${step}`;

  /** A new flow for the user (past any cooldown). */
  async function start(login = 'pupil'): Promise<string> {
    t.clock.advanceSeconds(61);
    const res = await t.http().post(`${t.api('school')}/recovery/password`).send({ login, ...(await t.captcha('school')) });
    assert.equal(res.status, 202);
    return res.body.flowId;
  }
  async function sendCode(flowId: string, code?: string, phoneDigits = '1234'): Promise<void> {
    if (code) t.random.nextDigits.push(code);
    const res = await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits });
    assert.equal(res.status, 202, JSON.stringify(res.body));
  }

  before(async () => {
    t = await createRecoveryTestApp();
    await createRealm(t, 'school', 'school');
    await createRealm(t, 'plain', 'standard');
    await createUser(t, { realm: 'school', login: 'pupil', email: 'pupil@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, locale: 'ru' });
    await createUser(t, { realm: 'school', login: 'pupil2', email: 'pupil2@example.org', emailVerified: true, phone: '+79001112233', phoneVerified: true });
    await createUser(t, { realm: 'school', login: 'pupil3', email: 'pupil3@example.org', emailVerified: true, phone: '+79005556677', phoneVerified: true });
    await createUser(t, { realm: 'school', login: 'chatty', email: 'chatty@example.org', emailVerified: true, phone: '+79007778899', phoneVerified: true });
    await createUser(t, { realm: 'school', login: 'guesser', email: 'guesser@example.org', emailVerified: true, phone: '+79007778800', phoneVerified: true });
    await createUser(t, { realm: 'school', login: 'twin1', email: 'twin1@example.org', emailVerified: true, phone: '+79001230000', phoneVerified: true });
    await createUser(t, { realm: 'school', login: 'twin2', email: 'twin2@example.org', emailVerified: true, phone: '+79001230000', phoneVerified: true });
    await createUser(t, { realm: 'plain', login: 'someone', email: 'someone@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true });
  });
  after(() => t.close());

  it('runs masked phone → hidden digits → SMS code → reset token', async () => {
    const flowId = await start();
    const view = await t.http().get(flowUrl(flowId));
    assert.deepEqual(view.body.sms, { available: true, maskedPhone: '7953354****' });
    const wrong = await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '4321' });
    assert.deepEqual([wrong.status, wrong.body.code, wrong.body.details], [400, 'phone_digits_mismatch', { attemptsLeft: 2 }]);
    t.take();
    const sent = await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '1234' });
    assert.deepEqual([sent.status, sent.body], [202, { state: 'code_sent' }]);
    const [sms, ...rest] = t.take();
    assert.equal(rest.length, 0);
    assert.deepEqual({ notice: sms.notice, channel: sms.channel, to: sms.to, locale: sms.locale, params: sms.params }, { notice: 'confirmation-code', channel: 'sms', to: '+79533541234', locale: 'ru', params: { ttlSeconds: 300 } });
    assert.match(sms.secrets!.code, /^\d{6}$/);
    assert.equal((await t.http().get(flowUrl(flowId))).body.state, 'code_sent');
    const bad = await t.http().post(flowUrl(flowId, '/code')).send({ code: sms.secrets!.code === '000000' ? '000001' : '000000' });
    assert.deepEqual([bad.status, bad.body.code, bad.body.details], [400, 'code_invalid', { attemptsLeft: 4 }]);
    const good = await t.http().post(flowUrl(flowId, '/code')).send({ code: sms.secrets!.code });
    assert.equal(good.status, 200);
    assert.deepEqual(Object.keys(good.body), ['resetToken']);
    assert.ok(Buffer.from(good.body.resetToken, 'base64url').length >= 32);
    assert.equal((await t.http().get(flowUrl(flowId))).body.state, 'code_verified');
    const twice = await t.http().post(flowUrl(flowId, '/code')).send({ code: sms.secrets!.code });
    assert.deepEqual([twice.status, twice.body.code], [409, 'flow_state_invalid']);
  });

  it('refuses steps out of order with 409 flow_state_invalid', async () => {
    const flowId = await start();
    const early = await t.http().post(flowUrl(flowId, '/code')).send({ code: '123456' });
    assert.deepEqual([early.status, early.body.code], [409, 'flow_state_invalid']);
    const plain = await t.http().post(`${t.api('plain')}/recovery/password`).send({ login: 'someone', email: 'someone@example.org' });
    const noSms = await t.http().post(`${t.api('plain')}/recovery/flows/${plain.body.flowId}/sms`).send({ phoneDigits: '1234' });
    assert.deepEqual([noSms.status, noSms.body.code], [409, 'flow_state_invalid']);
    assert.deepEqual((await t.http().get(`${t.api('plain')}/recovery/flows/${plain.body.flowId}`)).body.sms, { available: false, maskedPhone: null });
  });

  it('resends: a new code, the earlier one dead, the attempt counter carried on, at most 3 SMS', async () => {
    const flowId = await start();
    await sendCode(flowId, '111111');
    const miss = await t.http().post(flowUrl(flowId, '/code')).send({ code: '999999' });
    assert.equal(miss.body.details.attemptsLeft, 4);
    await sendCode(flowId, '222222');
    const old = await t.http().post(flowUrl(flowId, '/code')).send({ code: '111111' });
    assert.deepEqual([old.body.code, old.body.details.attemptsLeft], ['code_invalid', 3]);
    await sendCode(flowId, '333333');
    const fourth = await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '1234' });
    assert.equal(fourth.status, 429);
    assert.equal(fourth.body.code, 'too_many_requests');
    assert.ok(Number(fourth.headers['retry-after']) > 0);
    assert.equal((await t.http().post(flowUrl(flowId, '/code')).send({ code: '222222' })).body.code, 'code_invalid');
    assert.equal((await t.http().post(flowUrl(flowId, '/code')).send({ code: '333333' })).status, 200);
  });

  it('locks the flow after smsCodeMaxAttempts codes, the right one included', async () => {
    const flowId = await start();
    await sendCode(flowId, '424242');
    const left = [];
    for (let i = 0; i < 5; i++) left.push((await t.http().post(flowUrl(flowId, '/code')).send({ code: '000000' })).body.details.attemptsLeft);
    assert.deepEqual(left, [4, 3, 2, 1, 0]);
    const locked = await t.http().post(flowUrl(flowId, '/code')).send({ code: '424242' });
    assert.deepEqual([locked.status, locked.body.code], [423, 'flow_locked']);
    assert.equal((await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '1234' })).status, 423);
  });

  it('counts concurrent code guesses before checking them: never more than the limit', async () => {
    const flowId = await start();
    await sendCode(flowId, '565656');
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.http().post(flowUrl(flowId, '/code')).send({ code: '000000' })));
    assert.equal(answers.filter((a) => a.body.code === 'code_invalid').length, 5);
    assert.equal(answers.filter((a) => a.body.code === 'flow_locked').length, 7);
  });

  it('refuses a code from one flow in another', async () => {
    const a = await start('pupil');
    const b = await start('pupil2');
    await sendCode(a, '777777');
    await sendCode(b, '888888', '2233');
    const cross = await t.http().post(flowUrl(b, '/code')).send({ code: '777777' });
    assert.equal(cross.body.code, 'code_invalid');
    assert.equal((await t.http().post(flowUrl(a, '/code')).send({ code: '777777' })).status, 200);
  });

  it('expires the code after smsCodeTtlSeconds and the flow after resetLinkTtlSeconds', async () => {
    const flowId = await start();
    await sendCode(flowId, '123123');
    t.clock.advanceSeconds(301);
    const late = await t.http().post(flowUrl(flowId, '/code')).send({ code: '123123' });
    assert.deepEqual([late.status, late.body.code], [410, 'flow_expired']);
    await sendCode(flowId, '321321');
    assert.equal((await t.http().post(flowUrl(flowId, '/code')).send({ code: '321321' })).status, 200);
    const other = await start();
    t.clock.advanceSeconds(3600);
    for (const res of [await t.http().get(flowUrl(other)), await t.http().post(flowUrl(other, '/sms')).send({ phoneDigits: '1234' })]) {
      assert.deepEqual([res.status, res.body.code], [410, 'flow_expired']);
    }
  });

  it('answers unknown, malformed and other-realm flows with 404 flow_not_found', async () => {
    const flowId = await start();
    for (const path of [flowUrl('6f1c1f4e-0000-4000-8000-000000000000'), flowUrl('not-a-uuid'), `${t.api('plain')}/recovery/flows/${flowId}`]) {
      const res = await t.http().get(path);
      assert.deepEqual([res.status, res.body.code], [404, 'flow_not_found'], path);
    }
    assert.equal((await t.http().post(flowUrl('zzz', '/sms')).send({ phoneDigits: '1' })).body.code, 'flow_not_found');
    assert.equal((await t.http().post(flowUrl(flowId, '/sms')).send({})).body.code, 'validation_failed');
  });

  it('limits wrong phone digits per account per day across flows', async () => {
    t.clock.advanceSeconds(86400);
    for (let flow = 0; flow < 3; flow++) {
      const flowId = await start('pupil2');
      for (let i = 0; i < 3; i++) assert.equal((await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '0000' })).status, 400);
    }
    const fourth = await start('pupil2');
    const res = await t.http().post(flowUrl(fourth, '/sms')).send({ phoneDigits: '2233' });
    assert.deepEqual([res.status, res.body.code], [423, 'flow_locked']);
    t.clock.advanceSeconds(86400);
    const tomorrow = await start('pupil2');
    assert.equal((await t.http().post(flowUrl(tomorrow, '/sms')).send({ phoneDigits: '2233' })).status, 202);
  });

  it('refuses the right code once the user may no longer change the password', async () => {
    const flowId = await start('pupil3');
    await sendCode(flowId, '135790', '6677');
    const users = t.get(UsersService);
    const user = (await users.findByLogin((await t.get(RealmsService).findBySlug('school'))!.id, 'pupil3'))!;
    await users.update(user.id, { canChangeOwnPassword: false });
    const res = await t.http().post(flowUrl(flowId, '/code')).send({ code: '135790' });
    assert.deepEqual([res.status, res.body.code], [400, 'code_invalid']);
    await users.update(user.id, { canChangeOwnPassword: true });
  });

  /** The hidden digits of a flow's phone (a decoy's derived one too), read from its row. */
  async function digitsOf(flowId: string): Promise<string> {
    const [{ phone }] = await t.dataSource.query(`SELECT phone FROM recovery_flows WHERE id = '${flowId}'`);
    return String(phone).slice(-4);
  }

  it('caps SMS per account per day across flows: 429 with Retry-After, for decoys alike', async () => {
    t.clock.advanceSeconds(86400);
    const trails = [];
    for (const login of ['chatty', 'ghost-chatty']) {
      const trail = [];
      let retryAfter = 0;
      for (let flow = 0; flow < 4 && trail.length < 11; flow++) {
        const flowId = await start(login);
        const digits = await digitsOf(flowId);
        for (let i = 0; i < 3 && trail.length < 11; i++) {
          const res = await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: digits });
          trail.push([res.status, res.body.code ?? res.body.state]);
          if (res.status === 429) retryAfter = Number(res.headers['retry-after']);
        }
      }
      assert.ok(retryAfter > 0 && retryAfter <= 86400, String(retryAfter));
      trails.push(trail);
    }
    assert.deepEqual(trails[0], [...Array(10).fill([202, 'code_sent']), [429, 'too_many_requests']]);
    assert.deepEqual(trails[1], trails[0]);
    t.clock.advanceSeconds(86400);
    const tomorrow = await start('chatty');
    assert.equal((await t.http().post(flowUrl(tomorrow, '/sms')).send({ phoneDigits: '8899' })).status, 202);
  });

  it('caps SMS per phone per day, whichever account asks', async () => {
    t.clock.advanceSeconds(86400);
    const statuses = [];
    for (const login of ['twin1', 'twin1', 'twin2', 'twin2']) {
      const flowId = await start(login);
      for (let i = 0; i < 3 && statuses.length < 11; i++) statuses.push((await t.http().post(flowUrl(flowId, '/sms')).send({ phoneDigits: '0000' })).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(202), 429], 'twin2 alone sent only 4, the phone 10');
  });

  it('caps code attempts per account per day across flows: then 423 flow_locked, for decoys alike', async () => {
    t.clock.advanceSeconds(86400);
    const trails = [];
    for (const login of ['guesser', 'ghost-guesser']) {
      const trail = [];
      for (let flow = 0; flow < 5; flow++) {
        const flowId = await start(login);
        await sendCode(flowId, '999999', await digitsOf(flowId));
        for (let i = 0; i < (flow < 4 ? 5 : 1); i++) {
          const res = await t.http().post(flowUrl(flowId, '/code')).send({ code: '000000' });
          trail.push([res.status, res.body.code]);
        }
      }
      trails.push(trail);
    }
    assert.deepEqual(trails[0], [...Array(20).fill([400, 'code_invalid']), [423, 'flow_locked']]);
    assert.deepEqual(trails[1], trails[0]);
  });
});

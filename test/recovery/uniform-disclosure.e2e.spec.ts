import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessRequestsService } from '../../src/access-requests/access-requests.service';
import { RealmsService } from '../../src/realms/realms.service';
import { createRealm, createUser } from '../helpers/fixtures';
import { createRecoveryTestApp, RecoveryTestApp } from '../helpers/recovery';

describe('forgot password, uniform disclosure (school manual)', () => {
  let t: RecoveryTestApp;
  let realmId: string;
  const url = () => `${t.api('school')}/recovery/password`;
  const ask = async (login: string, lang = 'ru') => t.http().post(url()).set('Accept-Language', lang).send({ login, ...(await t.captcha('school')) });

  before(async () => {
    t = await createRecoveryTestApp();
    realmId = await createRealm(t, 'school', 'school', { supportContact: 'imcpsht@yandex.ru' });
    const org = await t.get(RealmsService).createOrganization(realmId, { name: 'Group 11', slug: 'g11', adminContact: 'Curator, room 104a' });
    await createUser(t, { realm: 'school', login: 'pupil', email: 'pupil@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, organizationId: org.id });
    await createUser(t, { realm: 'school', login: 'mailonly', email: 'mo@example.org', emailVerified: true });
    await createUser(t, { realm: 'school', login: 'stranded', email: 's@example.org', emailVerified: false, organizationId: org.id });
    await createUser(t, { realm: 'school', login: 'locked-out', email: 'lo@example.org', emailVerified: true, canChangeOwnPassword: false, organizationId: org.id });
  });
  after(() => t.close());

  it('answers existing and unknown accounts with the same status, headers and body but the flow id', async () => {
    const answers = [await ask('pupil'), await ask('nobody-here'), await ask('stranded'), await ask('locked-out'), await ask('mailonly')];
    const strip = (body: { flowId: string }) => JSON.stringify({ ...body, flowId: undefined });
    for (const a of answers) {
      assert.equal(a.status, 202);
      assert.equal(strip(a.body), strip(answers[0].body));
      assert.equal(a.headers['content-type'], answers[0].headers['content-type']);
      assert.equal(Number(a.headers['content-length']), Number(answers[0].headers['content-length']));
      assert.match(a.body.flowId, /^[0-9a-f-]{36}$/);
    }
    assert.match(answers[0].body.message, /imcpsht@yandex\.ru/, 'tells where to turn if nothing arrives');
    assert.match(answers[0].body.message, /по телефону/);
  });

  it('shows decoy flows exactly like real ones, with a stable masked phone derived from the login', async () => {
    t.clock.advanceSeconds(61);
    const real = await ask('pupil');
    const decoy = await ask('nobody-here');
    const r = await t.http().get(`${t.api('school')}/recovery/flows/${real.body.flowId}`);
    const d = await t.http().get(`${t.api('school')}/recovery/flows/${decoy.body.flowId}`);
    assert.equal(r.body.sms.maskedPhone, '7953354****');
    assert.deepEqual(Object.keys(d.body), Object.keys(r.body));
    assert.equal(d.body.state, r.body.state);
    assert.equal(d.body.sms.available, true);
    assert.match(d.body.sms.maskedPhone, /^79\d{5}\*{4}$/);
    t.clock.advanceSeconds(61);
    const again = await ask('Nobody-Here');
    const d2 = await t.http().get(`${t.api('school')}/recovery/flows/${again.body.flowId}`);
    assert.notEqual(again.body.flowId, decoy.body.flowId);
    assert.equal(d2.body.sms.maskedPhone, d.body.sms.maskedPhone);
    const other = await ask('someone-else');
    const o = await t.http().get(`${t.api('school')}/recovery/flows/${other.body.flowId}`);
    assert.notEqual(o.body.sms.maskedPhone, d.body.sms.maskedPhone);
  });

  it('fails decoy checks the same way as real ones, down to flow_locked', async () => {
    t.clock.advanceSeconds(61);
    const flows = [(await ask('pupil')).body.flowId, (await ask('nobody-at-all')).body.flowId];
    const trail = [];
    for (const flowId of flows) {
      const steps = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.http().post(`${t.api('school')}/recovery/flows/${flowId}/sms`).send({ phoneDigits: '0000' });
        steps.push([res.status, res.body.code, res.body.details?.attemptsLeft]);
      }
      const view = await t.http().get(`${t.api('school')}/recovery/flows/${flowId}`);
      steps.push([view.body.state]);
      trail.push(steps);
    }
    assert.deepEqual(trail[0], [[400, 'phone_digits_mismatch', 2], [400, 'phone_digits_mismatch', 1], [400, 'phone_digits_mismatch', 0], [423, 'flow_locked', undefined], ['locked']]);
    assert.deepEqual(trail[1], trail[0]);
  });

  it('still queues access requests for known users who cannot recover alone', async () => {
    const open = await t.get(AccessRequestsService).list({ realmId, status: 'open' });
    assert.deepEqual(open.map((r) => [r.login, r.reason]).sort(), [['locked-out', 'cannot_change_password'], ['stranded', 'no_confirmed_contact']]);
    assert.ok(open.every((r) => r.organizationId));
  });

  it('answers every repeated request with a fresh flow, known and unknown logins alike; the cooldown only holds back the e-mail', async () => {
    t.clock.advanceSeconds(61);
    t.take();
    const repeat = async (login: string) => {
      const bodies = [{ login }, { login, email: 'bogus@example.org' }, { login }, { login: login.toUpperCase() }, { login, email: 'pupil@example.org' }];
      const answers = [];
      for (const body of bodies) answers.push(await t.http().post(url()).send({ ...body, ...(await t.captcha('school')) }));
      return answers;
    };
    const real = await repeat('pupil');
    const ghost = await repeat('ghost-repeat');
    for (const answers of [real, ghost]) {
      assert.deepEqual(answers.map((a) => a.status), [202, 202, 202, 202, 202]);
      assert.equal(new Set(answers.map((a) => a.body.flowId)).size, 5, 'never an earlier flow: found by user it would tell a real account');
    }
    assert.equal(t.take({ notice: 'reset-link' }).length, 1, 'one e-mail within the cooldown');
    const phones = async (answers: Array<{ body: { flowId: string } }>) =>
      Promise.all(answers.map(async (a) => (await t.http().get(`${t.api('school')}/recovery/flows/${a.body.flowId}`)).body.sms.maskedPhone));
    assert.deepEqual(new Set(await phones(real)), new Set(['7953354****']));
    assert.equal(new Set(await phones(ghost)).size, 1, 'a decoy shows one phone, whatever was sent along');
  });

  it('counts wrong phone digits per login across flows, real and decoy alike (the e-mail changes nothing)', async () => {
    t.clock.advanceSeconds(86400);
    const trails = [];
    for (const login of ['pupil', 'ghost-digits']) {
      const trail = [];
      for (let flow = 0; flow < 3; flow++) {
        const body = flow === 2 ? { login, email: 'bogus@example.org' } : { login };
        const flowId = (await t.http().post(url()).send({ ...body, ...(await t.captcha('school')) })).body.flowId;
        for (let i = 0; i < 3; i++) trail.push((await t.http().post(`${t.api('school')}/recovery/flows/${flowId}/sms`).send({ phoneDigits: '0000' })).status);
      }
      const fourth = (await t.http().post(url()).send({ login, ...(await t.captcha('school')) })).body.flowId;
      const res = await t.http().post(`${t.api('school')}/recovery/flows/${fourth}/sms`).send({ phoneDigits: '0000' });
      trail.push([res.status, res.body.code]);
      trails.push(trail);
    }
    assert.deepEqual(trails[0], [...Array(9).fill(400), [423, 'flow_locked']]);
    assert.deepEqual(trails[1], trails[0]);
  });

  it('never lets a guessed code through a real flow that shows a derived phone (user with only an e-mail)', async () => {
    t.clock.advanceSeconds(61);
    const flowId = (await ask('mailonly')).body.flowId;
    const [{ phone }] = await t.dataSource.query(`SELECT phone FROM recovery_flows WHERE id = '${flowId}'`);
    t.random.nextDigits.push('246810');
    const sent = await t.http().post(`${t.api('school')}/recovery/flows/${flowId}/sms`).send({ phoneDigits: phone.slice(-4) });
    assert.equal(sent.status, 202);
    assert.equal(t.take({ notice: 'confirmation-code' }).length, 0, 'nothing is sent to a derived phone');
    const guessed = await t.http().post(`${t.api('school')}/recovery/flows/${flowId}/code`).send({ code: '246810' });
    assert.deepEqual([guessed.status, guessed.body.code], [400, 'code_invalid']);
  });

  it('gives decoys the calling codes of the realm\'s real phones, stable for a login', async () => {
    await createRealm(t, 'minsk', 'school');
    for (let i = 0; i < 3; i++) await createUser(t, { realm: 'minsk', login: `by-${i}`, email: `by${i}@example.org`, emailVerified: true, phone: `+37529491191${i}`, phoneVerified: true });
    const masked = async (login: string) => {
      t.clock.advanceSeconds(61);
      const res = await t.http().post(`${t.api('minsk')}/recovery/password`).send({ login, ...(await t.captcha('minsk')) });
      return (await t.http().get(`${t.api('minsk')}/recovery/flows/${res.body.flowId}`)).body.sms.maskedPhone as string;
    };
    assert.equal(await masked('by-0'), '37529491****');
    const decoys = [await masked('nobody-1'), await masked('nobody-2'), await masked('nobody-3')];
    for (const d of decoys) assert.match(d, /^375\d{5}\*{4}$/, 'not +7 where every real phone is +375');
    assert.equal(await masked('nobody-1'), decoys[0]);
  });

  it('takes about as long for unknown accounts as for existing ones', async (ctx) => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const time = async (login: string) => {
      const captcha = await t.captcha('school');
      t.clock.advanceSeconds(61);
      const started = process.hrtime.bigint();
      const res = await t.http().post(url()).send({ login, ...captcha });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(res.status, 202);
      return ms;
    };
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 21; i++) {
      real.push(await time('pupil'));
      unknown.push(await time(`ghost-${i}`));
    }
    // Paired differences: a load spike hits both members of a pair, so their median is robust.
    const gap = median(real.map((r, i) => r - unknown[i]));
    ctx.diagnostic(`median real ${median(real).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms, paired gap ${gap.toFixed(2)} ms`);
    // Both are a look-up and a few inserts in one transaction; nothing waits for a provider.
    assert.ok(Math.abs(gap) < 10, `paired median gap ${gap.toFixed(2)} ms`);
  });
});

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

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, createRealm } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createRecoveryTestApp, RecoveryTestApp, TEST_CAPTCHA_ANSWER } from '../helpers/recovery';

const LOGIN_BODY = { email: 'kid@example.org', birthDate: '2010-05-01' };

describe('captcha', () => {
  let t: RecoveryTestApp;
  before(async () => {
    t = await createRecoveryTestApp();
    await createRealm(t, 'school', 'school');
    await createRealm(t, 'other', 'school');
    await createUser(t, { realm: 'school', login: 'kid', email: 'kid@example.org', emailVerified: true, birthDate: '2010-05-01' });
  });
  after(() => t.close());

  /** A captcha whose real answer the test knows. */
  async function known(realm = 'school', answer = '31415'): Promise<string> {
    t.random.nextDigits.push(answer);
    const res = await t.http().post(`${t.api(realm)}/captcha`);
    assert.equal(res.status, 201);
    return res.body.captchaId;
  }

  const forgotLogin = (captchaId: string, captchaAnswer: string, realm = 'school') =>
    t.http().post(`${t.api(realm)}/recovery/login`).send({ ...LOGIN_BODY, captchaId, captchaAnswer });

  it('issues a short-lived captcha and serves its picture as SVG and PNG', async () => {
    const res = await t.http().post(`${t.api('school')}/captcha`);
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['captchaId', 'expiresAt', 'imageUrl']);
    assert.equal(res.body.expiresAt, new Date(t.clock.now().getTime() + 300_000).toISOString());
    assert.equal(res.body.imageUrl, `/api/v1/realms/school/captcha/${res.body.captchaId}/image`);
    const svg = await t.http().get(res.body.imageUrl).buffer(true);
    assert.equal(svg.status, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body.toString('utf8'), /^<svg[\s\S]*<\/svg>$/);
    const png = await t.http().get(`${res.body.imageUrl}?format=png`).buffer(true);
    assert.equal(png.status, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal((await t.http().get(`${res.body.imageUrl}?format=gif`)).body.code, 'validation_failed');
    assert.equal((await t.http().get(`${t.api('other')}/captcha/${res.body.captchaId}/image`)).status, 404);
  });

  it('accepts the right answer once; a second use is captcha_invalid', async () => {
    const id = await known();
    assert.equal((await forgotLogin(id, '31415')).status, 202);
    const again = await forgotLogin(id, '31415');
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'captcha_invalid');
    assert.equal((await t.http().get(`${t.api('school')}/captcha/${id}/image`)).status, 404);
  });

  it('spends the captcha on a wrong answer too', async () => {
    const id = await known();
    assert.equal((await forgotLogin(id, '00000')).body.code, 'captcha_invalid');
    assert.equal((await forgotLogin(id, '31415')).body.code, 'captcha_invalid');
  });

  it('refuses an expired, unknown, malformed or other-realm captcha', async () => {
    const id = await known();
    t.clock.advanceSeconds(301);
    assert.equal((await forgotLogin(id, '31415')).body.code, 'captcha_invalid');
    t.clock.advanceSeconds(-301);
    assert.equal((await forgotLogin('6f1c1f4e-0000-4000-8000-000000000000', '31415')).body.code, 'captcha_invalid');
    assert.equal((await forgotLogin('nope', '31415')).body.code, 'captcha_invalid');
    const foreign = await known('other');
    assert.equal((await forgotLogin(foreign, '31415')).body.code, 'captcha_invalid');
  });

  it('lets exactly one of many concurrent checks of one captcha pass', async () => {
    const id = await known();
    const answers = await Promise.all(Array.from({ length: 12 }, () => forgotLogin(id, '31415')));
    assert.deepEqual(answers.map((r) => r.status).sort(), [202, ...Array(11).fill(400)]);
  });

  it('accepts CAPTCHA_TEST_ANSWER for any live captcha, once', async () => {
    const id = await known('school', '99999');
    assert.equal((await forgotLogin(id, TEST_CAPTCHA_ANSWER)).status, 202);
    assert.equal((await forgotLogin(id, TEST_CAPTCHA_ANSWER)).body.code, 'captcha_invalid');
  });

  it('is checked before the account: a wrong captcha is captcha_invalid even where the account would be refused', async () => {
    await createRealm(t, 'shop', 'merchant', { captcha: true });
    const id = await known('shop');
    const res = await t.http().post(`${t.api('shop')}/recovery/password`).send({ login: 'ghost', email: 'ghost@example.org', captchaId: id, captchaAnswer: '00000' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'captcha_invalid');
  });
});

describe('captcha without CAPTCHA_TEST_ANSWER', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('accepts no universal answer', async () => {
    const c = await t.http().post('/api/v1/realms/demo/captcha');
    const res = await t.http().post('/api/v1/realms/demo/recovery/login').send({ ...LOGIN_BODY, captchaId: c.body.captchaId, captchaAnswer: TEST_CAPTCHA_ANSWER });
    assert.equal(res.body.code, 'captcha_invalid');
  });
});

describe('captcha pictures', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { THROTTLE_RECOVERY_LIMIT: '6' } });
  });
  after(() => t.close());

  it('rasterises the PNG once and keeps both pictures only while the captcha lives', async () => {
    const c = await t.http().post('/api/v1/realms/demo/captcha');
    const first = await t.http().get(`${c.body.imageUrl}?format=png`).buffer(true);
    const [row] = await t.dataSource.query(`SELECT png FROM captchas WHERE id = '${c.body.captchaId}'`);
    assert.ok(row.png, 'the PNG is stored with the captcha');
    assert.deepEqual(Buffer.from(row.png, 'base64'), first.body);
    const second = await t.http().get(`${c.body.imageUrl}?format=png`).buffer(true);
    assert.deepEqual(second.body, first.body, 'served from the stored picture');
    await t.http().post('/api/v1/realms/demo/recovery/login').send({ ...LOGIN_BODY, captchaId: c.body.captchaId, captchaAnswer: '00000' });
    const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM captchas WHERE id = '${c.body.captchaId}'`);
    assert.equal(Number(n), 0, 'spent: SVG and PNG are gone');
  });

  it('throttles the picture route like every recovery route (THROTTLE_RECOVERY_LIMIT a minute per IP)', async () => {
    t.clock.advanceSeconds(120);
    const c = await t.http().post('/api/v1/realms/demo/captcha');
    assert.equal(c.status, 201);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await t.http().get(`${c.body.imageUrl}?format=png`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(Number(retryAfter) > 0);
  });
});

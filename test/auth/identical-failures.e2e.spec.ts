import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Response } from 'supertest';
import { createRealm, createUser } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';

const PASSWORD = 'abcdefg1';
/** Headers that differ between any two responses by nature (request id, clock). */
const PER_RESPONSE = new Set(['x-request-id', 'date']);

function comparable(res: Response): { status: number; body: unknown; headers: Record<string, unknown> } {
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !PER_RESPONSE.has(k)));
  return { status: res.status, body: res.body, headers };
}

describe('every sign-in failure looks the same', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await createRealm(t, 'shop', 'merchant', { lockout: { maxFailures: 2, durationSeconds: 900 } });
    await createUser(t, { realm: 'shop', login: 'known', password: PASSWORD });
    await createUser(t, { realm: 'shop', login: 'locked', password: PASSWORD });
    await createUser(t, { realm: 'shop', login: 'disabled', password: PASSWORD, disabled: true });
    await createUser(t, { realm: 'shop', login: 'nopassword' });
    await createUser(t, { realm: 'shop', login: 'expired', password: PASSWORD, passwordExpiresAt: new Date(t.clock.now().getTime() - 1000) });
  });
  after(() => t.close());

  for (const lang of ['ru', 'en']) {
    it(`unknown login, wrong password, locked, disabled, no password and expired temporary password: same status, body and headers (${lang})`, async () => {
      const attempt = (login: string, password: string) => t.http().post('/api/v1/realms/shop/auth/login').set('Accept-Language', lang).send({ login, password });
      await attempt('locked', 'wrong1234');
      await attempt('locked', 'wrong1234');
      const answers = {
        unknown: await attempt('nobody', PASSWORD),
        wrongPassword: await attempt('known', 'wrong1234'),
        locked: await attempt('locked', PASSWORD),
        disabled: await attempt('disabled', PASSWORD),
        noPassword: await attempt('nopassword', PASSWORD),
        expired: await attempt('expired', PASSWORD),
        emptyPassword: await attempt('known', ''),
      };
      const reference = comparable(answers.unknown);
      assert.equal(reference.status, 401);
      assert.equal((reference.body as { code: string }).code, 'invalid_credentials');
      if (lang === 'ru') assert.equal((reference.body as { message: string }).message, 'Извините, пользователь с такими логином и паролем не зарегистрирован в системе');
      assert.equal(answers.unknown.headers['set-cookie'], undefined);
      for (const [name, res] of Object.entries(answers)) assert.deepEqual(comparable(res), reference, name);
    });
  }
});

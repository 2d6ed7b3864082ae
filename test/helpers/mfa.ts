import { totpAt } from '../../src/mfa/totp/totp';
import { SoftAuthenticator } from './soft-authenticator';
import type { TestApp } from './test-app';

/** The code an authenticator app shows now (by the test's clock). */
export function totpNow(t: TestApp, secret: string, offsetSeconds = 0): string {
  return totpAt(secret, new Date(t.clock.now().getTime() + offsetSeconds * 1000));
}

/** Enrols TOTP through the API; returns the secret and the recovery codes shown once. */
export async function enrolTotp(t: TestApp, auth: string, realm = 'demo'): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await t.http().post(`/api/v1/realms/${realm}/me/mfa/totp`).set('Authorization', auth).expect(201);
  const confirm = await t.http().post(`/api/v1/realms/${realm}/me/mfa/totp/confirm`).set('Authorization', auth).send({ code: totpNow(t, start.body.secret) }).expect(200);
  // The confirming code's step is spent: move on so the next code is fresh.
  t.clock.advanceSeconds(30);
  return { secret: start.body.secret, recoveryCodes: confirm.body.recoveryCodes };
}

/** Registers a passkey of a software authenticator through the API. */
export async function enrolPasskey(t: TestApp, auth: string, authenticator: SoftAuthenticator, realm = 'demo', name?: string): Promise<{ id: string; recoveryCodes: string[] }> {
  const options = await t.http().post(`/api/v1/realms/${realm}/me/passkeys/options`).set('Authorization', auth).expect(200);
  const res = await t.http().post(`/api/v1/realms/${realm}/me/passkeys`).set('Authorization', auth).send({ response: authenticator.create(options.body), ...(name ? { name } : {}) }).expect(201);
  return res.body;
}

/** A password sign-in that must stop at the second step; returns the mfaToken. */
export async function startSignIn(t: TestApp, login: string, password: string, realm = 'demo'): Promise<{ mfaToken: string; methods: string[] }> {
  const res = await t.http().post(`/api/v1/realms/${realm}/auth/login`).send({ login, password });
  if (res.status !== 200 || res.body.mfaRequired !== true) throw new Error(`expected mfaRequired, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

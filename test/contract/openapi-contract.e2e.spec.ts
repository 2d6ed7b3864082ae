import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Every route of ../shared/API.md, as the OpenAPI document must list it. */
const CONTRACT: Array<[string, string]> = [
  ['post', '/api/v1/realms/{realm}/auth/login'],
  ['get', '/api/v1/realms/{realm}/auth/session'],
  ['post', '/api/v1/realms/{realm}/auth/logout'],
  ['post', '/api/v1/realms/{realm}/auth/password'],
  ['get', '/api/v1/realms/{realm}/password-policy'],
  ['post', '/api/v1/realms/{realm}/captcha'],
  ['post', '/api/v1/realms/{realm}/recovery/password'],
  ['post', '/api/v1/realms/{realm}/recovery/password/reset/check'],
  ['post', '/api/v1/realms/{realm}/recovery/password/reset'],
  ['get', '/api/v1/realms/{realm}/recovery/flows/{flowId}'],
  ['post', '/api/v1/realms/{realm}/recovery/flows/{flowId}/sms'],
  ['post', '/api/v1/realms/{realm}/recovery/flows/{flowId}/code'],
  ['post', '/api/v1/realms/{realm}/recovery/login'],
  ['post', '/api/v1/realms/{realm}/recovery/both'],
  ['get', '/api/v1/realms/{realm}/me'],
  ['patch', '/api/v1/realms/{realm}/me'],
  ['post', '/api/v1/realms/{realm}/me/contacts/email'],
  ['post', '/api/v1/realms/{realm}/me/contacts/phone'],
  ['post', '/api/v1/realms/{realm}/me/contacts/email/confirm'],
  ['post', '/api/v1/realms/{realm}/me/contacts/phone/confirm'],
  ['get', '/api/v1/realms/{realm}/admin/realm'],
  ['patch', '/api/v1/realms/{realm}/admin/realm'],
  ['post', '/api/v1/realms/{realm}/admin/organizations'],
  ['get', '/api/v1/realms/{realm}/admin/organizations'],
  ['post', '/api/v1/realms/{realm}/admin/users'],
  ['get', '/api/v1/realms/{realm}/admin/users'],
  ['get', '/api/v1/realms/{realm}/admin/users/{id}'],
  ['patch', '/api/v1/realms/{realm}/admin/users/{id}'],
  ['post', '/api/v1/realms/{realm}/admin/users/{id}/reset-access'],
  ['post', '/api/v1/realms/{realm}/admin/users/{id}/unlock'],
  ['delete', '/api/v1/realms/{realm}/admin/users/{id}/sessions'],
  ['get', '/api/v1/realms/{realm}/admin/access-requests'],
  ['post', '/api/v1/realms/{realm}/admin/access-requests/{id}/resolve'],
  ['get', '/api/v1/realms/{realm}/admin/audit'],
  ['get', '/api/v1/realms/{realm}/me/sessions'],
  ['delete', '/api/v1/realms/{realm}/me/sessions'],
  ['delete', '/api/v1/realms/{realm}/me/sessions/{id}'],
  ['put', '/api/v1/realms/{realm}/admin/realm/logo'],
  ['delete', '/api/v1/realms/{realm}/admin/realm/logo'],
  ['get', '/realms/{realm}/logo'],
  ['get', '/api/v1/realms/{realm}/me/mfa'],
  ['post', '/api/v1/realms/{realm}/me/mfa/totp'],
  ['post', '/api/v1/realms/{realm}/me/mfa/totp/confirm'],
  ['delete', '/api/v1/realms/{realm}/me/mfa/totp'],
  ['post', '/api/v1/realms/{realm}/me/passkeys/options'],
  ['post', '/api/v1/realms/{realm}/me/passkeys'],
  ['delete', '/api/v1/realms/{realm}/me/passkeys/{id}'],
  ['post', '/api/v1/realms/{realm}/me/mfa/assertion-options'],
  ['post', '/api/v1/realms/{realm}/me/mfa/recovery-codes'],
  ['post', '/api/v1/realms/{realm}/auth/mfa'],
  ['post', '/api/v1/realms/{realm}/auth/mfa/passkey-options'],
  ['post', '/api/v1/realms/{realm}/auth/passkey/options'],
  ['post', '/api/v1/realms/{realm}/auth/passkey'],
  ['post', '/api/v1/realms/{realm}/auth/mfa/lost'],
  ['post', '/api/v1/realms/{realm}/admin/users/{id}/mfa/reset'],
  ['post', '/api/v1/realms/{realm}/admin/oidc-clients'],
  ['get', '/api/v1/realms/{realm}/admin/oidc-clients'],
  ['delete', '/api/v1/realms/{realm}/admin/oidc-clients/{clientId}'],
  ['get', '/health/live'],
  ['get', '/health/ready'],
  ['get', '/metrics'],
];

/** API.md: the only routes a session with a pending forced password change may call. */
const ALLOWED_WITH_PASSWORD_CHANGE_PENDING = new Set(['get /api/v1/realms/{realm}/auth/session', 'post /api/v1/realms/{realm}/auth/password', 'post /api/v1/realms/{realm}/auth/logout']);
/** API.md: the only routes a session the realm's `mfa.required` policy restricts may call. */
const ALLOWED_WITH_MFA_ENROLMENT_PENDING = new Set([
  'get /api/v1/realms/{realm}/auth/session',
  'post /api/v1/realms/{realm}/auth/logout',
  'get /api/v1/realms/{realm}/me/mfa',
  'post /api/v1/realms/{realm}/me/mfa/totp',
  'post /api/v1/realms/{realm}/me/mfa/totp/confirm',
  'post /api/v1/realms/{realm}/me/passkeys/options',
  'post /api/v1/realms/{realm}/me/passkeys',
]);

type Operation = { security?: unknown[]; responses?: Record<string, { description?: string }> };

describe('the OpenAPI document agrees with API.md', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>> };
  before(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  after(() => t.close());

  it('lists every route of the contract with its method', () => {
    const missing = CONTRACT.filter(([method, path]) => !doc.paths[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    assert.deepEqual(missing, []);
  });

  it('documents at least one response for every operation', () => {
    const bare: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) if (!op.responses || Object.keys(op.responses).length === 0) bare.push(`${method} ${path}`);
    }
    assert.deepEqual(bare, []);
  });

  it("lists, in every session route's 403, the restricted-session codes API.md gives that route", () => {
    const wrong: string[] = [];
    let sessionRoutes = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.security?.length) continue;
        sessionRoutes++;
        const route = `${method} ${path}`;
        const forbidden = op.responses?.['403']?.description ?? '';
        const expect: Array<[string, boolean]> = [
          ['password_change_required', !ALLOWED_WITH_PASSWORD_CHANGE_PENDING.has(route)],
          ['mfa_enrollment_required', !ALLOWED_WITH_MFA_ENROLMENT_PENDING.has(route)],
        ];
        for (const [code, expected] of expect) {
          if (new RegExp(`\\b${code}\\b`).test(forbidden) !== expected) wrong.push(`${route}: 403 ${expected ? 'lacks' : 'wrongly lists'} ${code}`);
        }
      }
    }
    assert.ok(sessionRoutes > 30, `only ${sessionRoutes} routes declare a session`);
    assert.deepEqual(wrong, []);
  });
});

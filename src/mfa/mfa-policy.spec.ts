import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mfaCovers, mfaEnrollmentRequired } from './mfa-policy';

describe('MFA policy', () => {
  const user = { roles: ['user' as const], mfaEnabled: false };
  const curator = { roles: ['org_admin' as const], mfaEnabled: false };
  const admin = { roles: ['realm_admin' as const], mfaEnabled: true };

  it('off covers nobody, staff covers users with an admin role, all covers everyone', () => {
    assert.deepEqual([user, curator, admin].map((u) => mfaCovers({ mfa: { required: 'off' } }, u)), [false, false, false]);
    assert.deepEqual([user, curator, admin].map((u) => mfaCovers({ mfa: { required: 'staff' } }, u)), [false, true, true]);
    assert.deepEqual([user, curator, admin].map((u) => mfaCovers({ mfa: { required: 'all' } }, u)), [true, true, true]);
  });

  it('asks for enrolment only from covered users without a factor', () => {
    assert.equal(mfaEnrollmentRequired({ mfa: { required: 'staff' } }, curator), true);
    assert.equal(mfaEnrollmentRequired({ mfa: { required: 'staff' } }, admin), false);
    assert.equal(mfaEnrollmentRequired({ mfa: { required: 'staff' } }, user), false);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presetSettings } from '../realms/realm-settings';
import type { UserEntity } from '../users/entities/user.entity';
import { passwordRecoveryRoute } from './recovery-eligibility';

const user = (over: Partial<UserEntity> = {}): UserEntity =>
  ({ id: 'u', login: 'anna', email: 'Anna@Example.org', emailNormalized: 'anna@example.org', emailVerified: true, phone: '+79533541234', phoneVerified: true, canChangeOwnPassword: true, disabled: false, ...over }) as UserEntity;

describe('who can recover a password alone', () => {
  const merchant = presetSettings('merchant');
  const school = presetSettings('school');

  it('matches the e-mail entered case-insensitively, and treats a mismatch like an unknown login', () => {
    assert.equal(passwordRecoveryRoute(user(), merchant, 'ANNA@example.org').kind, 'eligible');
    assert.equal(passwordRecoveryRoute(user(), merchant, 'other@example.org').kind, 'unknown');
    assert.equal(passwordRecoveryRoute(null, merchant, 'anna@example.org').kind, 'unknown');
    assert.equal(passwordRecoveryRoute(user({ disabled: true }), merchant, 'anna@example.org').kind, 'unknown');
  });

  it('sends users without the right or without a confirmed contact to an admin', () => {
    assert.deepEqual(passwordRecoveryRoute(user({ canChangeOwnPassword: false }), merchant, undefined), { kind: 'not_eligible', user: user({ canChangeOwnPassword: false }), reason: 'cannot_change_password' });
    assert.equal((passwordRecoveryRoute(user({ emailVerified: false }), merchant, undefined) as { reason: string }).reason, 'no_confirmed_contact');
  });

  it('opens the SMS route only with smsFallback and a confirmed phone', () => {
    assert.deepEqual(passwordRecoveryRoute(user({ emailVerified: false }), school, undefined), { kind: 'eligible', user: user({ emailVerified: false }), email: false, phone: true });
    assert.equal(passwordRecoveryRoute(user({ emailVerified: false, phoneVerified: false }), school, undefined).kind, 'not_eligible');
  });
});

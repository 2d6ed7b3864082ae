import type { RealmSettings } from '../realms/realm-settings';
import type { UserEntity } from '../users/entities/user.entity';
import { normalizeEmail } from '../users/login';
import type { AccessRequestReason } from '../access-requests/entities/access-request.entity';

/**
 * What a forgot-password request can lead to for the account it names:
 * - `unknown`: no such (enabled) account, or the e-mail does not match the one on record;
 * - `not_eligible`: a known user who cannot recover alone (`reason` goes to the access request);
 * - `eligible`: the reset link goes by e-mail and/or the SMS step is open.
 */
export type PasswordRecoveryRoute =
  | { kind: 'unknown' }
  | { kind: 'not_eligible'; user: UserEntity; reason: AccessRequestReason }
  | { kind: 'eligible'; user: UserEntity; email: boolean; phone: boolean };

export function passwordRecoveryRoute(user: UserEntity | null, settings: RealmSettings, email: string | undefined): PasswordRecoveryRoute {
  if (!user || user.disabled) return { kind: 'unknown' };
  const byEmail = Boolean(user.email && user.emailVerified);
  const byPhone = Boolean(settings.smsFallback && user.phone && user.phoneVerified);
  // No e-mail on record to match the one entered, and no phone to fall back on: whatever was
  // typed, this user can only be helped by an admin (contact_admin + access request), not told
  // "no such user".
  const nothingToMatch = !user.emailNormalized && !byPhone;
  if (email !== undefined && !nothingToMatch && (!user.emailNormalized || normalizeEmail(email) !== user.emailNormalized)) return { kind: 'unknown' };
  if (!user.canChangeOwnPassword) return { kind: 'not_eligible', user, reason: 'cannot_change_password' };
  if (!byEmail && !byPhone) return { kind: 'not_eligible', user, reason: 'no_confirmed_contact' };
  return { kind: 'eligible', user, email: byEmail, phone: byPhone };
}

/** True when the user's confirmed phone is the one a flow's SMS step shows. */
export function isUsersConfirmedPhone(user: UserEntity | null, phone: string | null): boolean {
  return Boolean(user && !user.disabled && phone && user.phoneVerified && user.phone === phone);
}

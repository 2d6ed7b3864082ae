import type { RealmSettings } from '../realms/realm-settings';
import type { UserEntity } from '../users/entities/user.entity';

/** Who must have a second factor: nobody, users with a role (`staff`), or everyone. */
export type MfaRequirement = 'off' | 'staff' | 'all';
export const MFA_REQUIREMENTS: readonly MfaRequirement[] = ['off', 'staff', 'all'];

/** True when the realm's policy asks this user for a second factor. */
export function mfaCovers(settings: Pick<RealmSettings, 'mfa'>, user: Pick<UserEntity, 'roles'>): boolean {
  const required = settings.mfa?.required ?? 'off';
  if (required === 'all') return true;
  if (required === 'staff') return user.roles.some((r) => r === 'org_admin' || r === 'realm_admin');
  return false;
}

/** The policy covers the user and they have no factor yet: their session may only enrol one. */
export function mfaEnrollmentRequired(settings: Pick<RealmSettings, 'mfa'>, user: Pick<UserEntity, 'roles' | 'mfaEnabled'>): boolean {
  return mfaCovers(settings, user) && !user.mfaEnabled;
}

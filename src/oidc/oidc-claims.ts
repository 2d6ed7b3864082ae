import type { UserEntity } from '../users/entities/user.entity';

/** Scopes and the claims each gives (API.md, Single sign-on). */
export const OIDC_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['preferred_username', 'locale'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  roles: ['roles', 'organization_id'],
};

export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'phone', 'roles'] as const;

/** Every claim the user has; the provider keeps only those the granted scopes allow. */
export function accountClaims(user: UserEntity, _scope: string): { sub: string; [claim: string]: unknown } {
  return {
    sub: user.id,
    preferred_username: user.login,
    locale: user.locale ?? undefined,
    email: user.email ?? undefined,
    email_verified: user.email ? user.emailVerified : undefined,
    phone_number: user.phone ?? undefined,
    phone_number_verified: user.phone ? user.phoneVerified : undefined,
    roles: [...user.roles],
    organization_id: user.organizationId ?? null,
  };
}

import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse } from '@nestjs/swagger';
import { ALLOW_MFA_ENROLLMENT, ALLOW_PENDING_PASSWORD_CHANGE, SessionGuard } from './session.guard';

export interface AuthenticatedOptions {
  allowPendingPasswordChange?: boolean;
  allowMfaEnrollment?: boolean;
  /** The route's own 403 reasons, listed in the OpenAPI document before the restricted-session ones. */
  forbidden?: string;
}

/**
 * The route needs a live session (bearer token or `sid` cookie): 401 unauthenticated otherwise.
 * A user who must change the password gets 403 password_change_required unless
 * `allowPendingPasswordChange` is set (only session read, password change and logout). A user the
 * realm's MFA policy covers who has no factor gets 403 mfa_enrollment_required unless
 * `allowMfaEnrollment` is set (session read, logout, second-factor enrolment). The pending
 * password change comes first: while it is pending, only `allowPendingPasswordChange` counts, so
 * the change itself works even where the realm requires a factor, and enrolment is asked after.
 * The route's 403 response in the OpenAPI document lists exactly the codes SessionGuard can give it.
 */
export function Authenticated(options: AuthenticatedOptions = {}) {
  const forbidden = sessionForbiddenDescription(options);
  return applyDecorators(
    SetMetadata(ALLOW_PENDING_PASSWORD_CHANGE, options.allowPendingPasswordChange ?? false),
    SetMetadata(ALLOW_MFA_ENROLLMENT, options.allowMfaEnrollment ?? false),
    UseGuards(SessionGuard),
    ApiBearerAuth(),
    ApiCookieAuth('sid'),
    ...(forbidden ? [ApiForbiddenResponse({ description: forbidden })] : []),
  );
}

/**
 * The 403 description of a session route: its own reasons, then the restricted sessions
 * SessionGuard refuses there (a pending forced password change, then a required second factor
 * not yet enrolled). Undefined when the route has no 403 at all.
 */
export function sessionForbiddenDescription(options: AuthenticatedOptions): string | undefined {
  const parts: string[] = [];
  if (options.forbidden) parts.push(options.forbidden);
  if (!options.allowPendingPasswordChange) parts.push('password_change_required (a forced password change is pending; it comes first)');
  if (!options.allowMfaEnrollment) {
    const order = options.allowPendingPasswordChange ? '; a pending forced password change is still allowed' : '';
    parts.push(`mfa_enrollment_required (the realm's mfa.required policy covers the user, who has no second factor yet${order})`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

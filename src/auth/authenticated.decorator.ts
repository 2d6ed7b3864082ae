import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { ALLOW_MFA_ENROLLMENT, ALLOW_PENDING_PASSWORD_CHANGE, SessionGuard } from './session.guard';

/**
 * The route needs a live session (bearer token or `sid` cookie): 401 unauthenticated otherwise.
 * A user who must change the password gets 403 password_change_required unless
 * `allowPendingPasswordChange` is set (only session read, password change and logout). A user the
 * realm's MFA policy covers who has no factor gets 403 mfa_enrollment_required unless
 * `allowMfaEnrollment` is set (session read, logout, second-factor enrolment). The pending
 * password change comes first: while it is pending, only `allowPendingPasswordChange` counts, so
 * the change itself works even where the realm requires a factor, and enrolment is asked after.
 */
export function Authenticated(options: { allowPendingPasswordChange?: boolean; allowMfaEnrollment?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(ALLOW_PENDING_PASSWORD_CHANGE, options.allowPendingPasswordChange ?? false),
    SetMetadata(ALLOW_MFA_ENROLLMENT, options.allowMfaEnrollment ?? false),
    UseGuards(SessionGuard),
    ApiBearerAuth(),
    ApiCookieAuth('sid'),
  );
}

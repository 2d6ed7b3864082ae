import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { sessionForbiddenDescription } from '../auth/authenticated.decorator';
import { ALLOW_PENDING_PASSWORD_CHANGE, SessionGuard } from '../auth/session.guard';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { AdminAccessGuard, REALM_ADMIN_ONLY } from './admin-access.guard';
import type { AdminScope } from './admin-scope';

/**
 * Staff routes: a live session (401 unauthenticated), then role `realm_admin` or `org_admin`
 * (403 forbidden); `realmAdminOnly` refuses org admins as well. A restricted session gets
 * SessionGuard's 403 password_change_required or mfa_enrollment_required first.
 */
export function AdminAccess(options: { realmAdminOnly?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(ALLOW_PENDING_PASSWORD_CHANGE, false),
    SetMetadata(REALM_ADMIN_ONLY, options.realmAdminOnly ?? false),
    UseGuards(SessionGuard, AdminAccessGuard),
    ApiBearerAuth(),
    ApiCookieAuth('sid'),
    ApiUnauthorizedResponse({ description: 'unauthenticated' }),
    ApiForbiddenResponse({ description: sessionForbiddenDescription({ forbidden: options.realmAdminOnly ? 'forbidden (realm_admin only)' : 'forbidden (staff only)' }) }),
  );
}

/** The caller's admin scope (set by AdminAccessGuard). */
export const CurrentScope = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminScope => {
  const scope = ctx.switchToHttp().getRequest<AppRequest & { adminScope?: AdminScope }>().adminScope;
  if (!scope) throw new DomainError('forbidden');
  return scope;
});

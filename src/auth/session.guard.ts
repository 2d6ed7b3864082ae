import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { mfaEnrollmentRequired } from '../mfa/mfa-policy';
import { SESSION_COOKIE } from './session-cookie';
import { SessionsService } from './sessions.service';

export const ALLOW_PENDING_PASSWORD_CHANGE = 'auth:allowPendingPasswordChange';
export const ALLOW_MFA_ENROLLMENT = 'auth:allowMfaEnrollment';

/**
 * Reads the bearer token or the `sid` cookie, sets `req.auth`, and enforces the restricted
 * sessions: a pending forced password change first (403 password_change_required), then a
 * required second-factor enrolment (403 mfa_enrollment_required).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AppRequest>();
    if (!req.realm) throw new DomainError('unauthenticated');
    const token = tokenOf(req);
    const auth = token ? await this.sessions.validate(token, req.realm.id) : null;
    if (!auth) throw new DomainError('unauthenticated');
    req.auth = auth;
    // A pending forced password change comes first (docs/mfa.md, as the pages' requireSession and
    // afterSignIn order them): until it is done only its own routes work, and a required
    // second-factor enrolment is asked once it is done — else neither could ever be finished.
    if (auth.user.mustChangePassword) {
      if (!this.allows(ctx, ALLOW_PENDING_PASSWORD_CHANGE)) throw new DomainError('password_change_required');
      return true;
    }
    if (mfaEnrollmentRequired(req.realm.settings, auth.user) && !this.allows(ctx, ALLOW_MFA_ENROLLMENT)) throw new DomainError('mfa_enrollment_required');
    return true;
  }

  private allows(ctx: ExecutionContext, key: string): boolean {
    return !!this.reflector.getAllAndOverride<boolean>(key, [ctx.getHandler(), ctx.getClass()]);
  }
}

/** The token of an `Authorization: Bearer …` header, if the request has one. */
export function bearerTokenOf(req: AppRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function tokenOf(req: AppRequest): string | undefined {
  const bearer = bearerTokenOf(req);
  if (bearer !== undefined) return bearer;
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie ? cookie : undefined;
}

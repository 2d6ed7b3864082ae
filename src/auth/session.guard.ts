import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { mfaEnrollmentRequired } from '../mfa/mfa-policy';
import { SESSION_COOKIE } from './session-cookie';
import { SessionsService } from './sessions.service';

export const ALLOW_PENDING_PASSWORD_CHANGE = 'auth:allowPendingPasswordChange';
export const ALLOW_MFA_ENROLLMENT = 'auth:allowMfaEnrollment';

/** Reads the bearer token or the `sid` cookie, sets `req.auth`, enforces the forced-change gate. */
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
    const allowPending = this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_CHANGE, [ctx.getHandler(), ctx.getClass()]);
    if (auth.user.mustChangePassword && !allowPending) throw new DomainError('password_change_required');
    if (mfaEnrollmentRequired(req.realm.settings, auth.user) && !this.reflector.getAllAndOverride<boolean>(ALLOW_MFA_ENROLLMENT, [ctx.getHandler(), ctx.getClass()])) throw new DomainError('mfa_enrollment_required');
    return true;
  }
}

export function tokenOf(req: AppRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie ? cookie : undefined;
}

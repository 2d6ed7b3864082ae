import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { AdminScope } from './admin-scope';

export const REALM_ADMIN_ONLY = 'admin:realmAdminOnly';

/** Runs after the session guard: staff only (403 forbidden otherwise), sets `req.adminScope`. */
@Injectable()
export class AdminAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AppRequest & { adminScope?: AdminScope }>();
    if (!req.realm || !req.auth) throw new DomainError('unauthenticated');
    const scope = AdminScope.of(req.realm, req.auth);
    if (!scope) throw new DomainError('forbidden');
    const realmAdminOnly = this.reflector.getAllAndOverride<boolean>(REALM_ADMIN_ONLY, [ctx.getHandler(), ctx.getClass()]);
    if (realmAdminOnly && !scope.isRealmAdmin) throw new DomainError('forbidden');
    req.adminScope = scope;
    return true;
  }
}

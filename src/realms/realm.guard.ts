import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { RealmsService } from './realms.service';

/** Global guard: every route with a `:realm` path parameter gets `req.realm`, or 404 realm_not_found. */
@Injectable()
export class RealmGuard implements CanActivate {
  constructor(private readonly realms: RealmsService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AppRequest>();
    const slug = req.params?.realm;
    if (typeof slug !== 'string') return true;
    const realm = await this.realms.findBySlug(slug);
    if (!realm) throw new DomainError('realm_not_found');
    req.realm = realm;
    return true;
  }
}

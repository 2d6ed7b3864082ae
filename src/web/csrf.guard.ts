import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AppRequest } from '../common/http/app-request';
import { WebContextService } from './web-context';
import { CsrfError } from './web-response';

/**
 * Every state-changing page request (POST) carries the form's CSRF token: an HMAC of the session
 * cookie (or, before sign-in, of the pre-session cookie) under a key derived from APP_SECRET.
 * A cross-site form cannot read it; a token from another browser does not match.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly context: WebContextService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AppRequest>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    if (!this.context.verifyCsrf(req)) throw new CsrfError();
    return true;
  }
}

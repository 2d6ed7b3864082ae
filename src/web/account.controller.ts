import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest, RequestAuth } from '../common/http/app-request';
import { CsrfGuard } from './csrf.guard';
import { accountView } from './views/account.view';
import { PageContext, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { sendPage } from './web-response';

/** The signed-in user's own page: contacts, password change, the forced change. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/account')
export class AccountController {
  constructor(private readonly context: WebContextService) {}

  @Get()
  async page(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    sendPage(res, ctx, 200, { title: ctx.p('account_title'), wide: true, body: accountView(ctx, { user: auth.user, flash: flashOf(ctx) }) });
  }
}

/** The page's session; none → sign-in, a pending forced change → the password page. */
export function requireSession(ctx: PageContext, options: { allowPendingPasswordChange?: boolean } = {}): RequestAuth {
  if (!ctx.auth) throw new DomainError('unauthenticated');
  if (ctx.auth.user.mustChangePassword && !options.allowPendingPasswordChange) throw new DomainError('password_change_required');
  return ctx.auth;
}

/** A one-word status after a redirect (`?done=saved`) → its text, only for known keys. */
export function flashOf(ctx: PageContext): string | undefined {
  const known = ['password_changed', 'contact_confirmed', 'saved', 'user_created', 'unlocked', 'sessions_ended', 'resolved'];
  const done = ctx.query.done;
  return done && known.includes(done) ? ctx.p(done) : undefined;
}

import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppRequest } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { CsrfGuard } from '../web/csrf.guard';
import { formString } from '../web/form-input';
import { notice } from '../web/layout';
import { PageContext, RETURN_COOKIE, returnCookieOptions, WebContextService } from '../web/web-context';
import { WebExceptionFilter } from '../web/web-exception.filter';
import { redirect, sendHtml, sendPage } from '../web/web-response';
import { html } from '../web/html';
import { OidcInteractionService } from './oidc-interaction.service';
import { consentView } from './views/consent.view';

/**
 * Where the provider sends the browser during authorization. Sign-in is the realm's own sign-in
 * page (whatever steps it has): the browser goes there with a return target and comes back here
 * once it holds a `sid` session. Consent is asked here for clients that are not first-party.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/sso/interaction/:uid')
export class OidcInteractionController {
  constructor(
    private readonly interactions: OidcInteractionService,
    private readonly context: WebContextService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const step = await this.interactions.next(req, res, ctx.auth);
    const returnCookie = returnCookieOptions(req.realm!.slug, this.config.secureCookies);
    switch (step.kind) {
      case 'expired':
        res.clearCookie(RETURN_COOKIE, returnCookie);
        return sendPage(res, ctx, 410, { title: ctx.t('sso.error_title'), body: notice(ctx.t('sso.interaction_expired'), 'info') });
      case 'sign-in':
        res.cookie(RETURN_COOKIE, req.path, { ...returnCookie, maxAge: step.ttlSeconds * 1000 });
        return redirect(res, `/realms/${encodeURIComponent(req.realm!.slug)}/sign-in`);
      case 'consent':
        res.clearCookie(RETURN_COOKIE, returnCookie);
        return sendPage(res, ctx, 200, { title: ctx.t('sso.consent_title'), body: consentView(ctx, { action: `${req.path}/consent`, clientName: step.clientName, scopes: step.scopes }) });
      case 'done':
        res.clearCookie(RETURN_COOKIE, returnCookie);
        return sendContinuePage(res, ctx, step.returnTo);
    }
  }

  @Post('consent')
  async consent(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const allow = formString(req.body, 'decision', 10) === 'allow';
    const step = await this.interactions.consent(req, res, ctx.auth, allow);
    if (step.kind !== 'done') return sendPage(res, ctx, 410, { title: ctx.t('sso.error_title'), body: notice(ctx.t('sso.interaction_expired'), 'info') });
    sendContinuePage(res, ctx, step.returnTo);
  }
}

/**
 * The way back to the provider, as a page that moves on by itself rather than a redirect: a form
 * submission (sign-in, consent) under the pages' CSP `form-action 'self'` may not end, through a
 * chain of redirects, at the application's address; a fresh navigation from this page may.
 */
function sendContinuePage(res: Response, ctx: PageContext, returnTo: string): void {
  sendHtml(
    res,
    200,
    html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=${returnTo}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.t('sso.continue')}</title>
<link rel="stylesheet" href="/assets/web.css">
</head>
<body>
<main id="main" class="card"><p><a href="${returnTo}">${ctx.t('sso.continue')}</a></p></main>
</body>
</html>
`,
  );
}

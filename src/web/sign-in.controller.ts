import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { LoginThrottle } from '../auth/throttle/login-throttle.decorator';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import { LoginUseCase } from '../auth/use-cases/login.use-case';
import { LogoutUseCase } from '../auth/use-cases/logout.use-case';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { mfaEnrollmentRequired } from '../mfa/mfa-policy';
import { RealmsService } from '../realms/realms.service';
import { CsrfGuard } from './csrf.guard';
import { formString } from './form-input';
import { realmHref } from './layout';
import { secondStepView } from './views/mfa-step.view';
import { signInView } from './views/sign-in.view';
import { PageContext, RETURN_COOKIE, returnCookieOptions, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { formErrorsOf, redirect, sendPage } from './web-response';

/** Sign-in and sign-out pages: the same LoginUseCase and session cookie as the API. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm')
export class SignInController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly logout: LogoutUseCase,
    private readonly realms: RealmsService,
    private readonly context: WebContextService,
    private readonly config: AppConfig,
  ) {}

  @Get('sign-in')
  async page(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    if (ctx.auth) return continueAfterSignIn(res, ctx, this.config.secureCookies);
    await this.render(res, ctx, 200, {});
  }

  @LoginThrottle()
  @Post('sign-in')
  async submit(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const login = formString(req.body, 'login', 100).trim();
    const password = formString(req.body, 'password', 1024);
    try {
      const result = await this.login.execute(ctx.realm!, login, password, req.ip ?? null, req.get('user-agent') ?? null);
      if ('mfaRequired' in result) return sendPage(res, ctx, 200, { title: ctx.t('mfa.step_title'), body: secondStepView(ctx, { mfaToken: result.mfaToken, methods: result.methods }) });
      setSessionCookie(res, result.token, result.expiresAt, this.config);
      // The pre-session value is replaced at sign-in too (docs/pages.md): a psid planted or seen
      // before sign-in binds nothing after sign-out.
      this.context.rotatePreSession(req, res);
      continueAfterSignIn(res, { ...ctx, auth: { sessionId: result.sessionId, expiresAt: result.expiresAt, user: result.user } }, this.config.secureCookies);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.render(res, ctx, e.status, { login, errors: formErrorsOf(ctx, e) });
    }
  }

  @Post('sign-out')
  async signOut(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const auth = await this.context.session(req);
    if (auth) await this.logout.execute(auth, req.ip ?? null);
    clearSessionCookie(res, this.config);
    this.context.rotatePreSession(req, res);
    redirect(res, `/realms/${encodeURIComponent(req.realm!.slug)}/sign-in`);
  }

  private async render(res: Response, ctx: PageContext, status: number, v: { login?: string; errors?: ReturnType<typeof formErrorsOf> }): Promise<void> {
    const severalRealms = (await this.realms.list()).length > 1;
    sendPage(res, ctx, status, { title: ctx.p('sign_in_title'), body: signInView(ctx, { ...v, severalRealms }) });
  }
}

/**
 * Where a signed-in user lands: the forced password change first, then second-factor enrolment,
 * else the flow that sent them here (an OpenID Connect authorization), else the account page
 * (`accountPath`, e.g. with a `?done=` notice). The forced change's completion goes on from here too.
 */
export function afterSignIn(ctx: PageContext, accountPath = '/account'): string {
  if (ctx.auth?.user.mustChangePassword) return realmHref(ctx, '/account/password');
  if (ctx.realm && ctx.auth && mfaEnrollmentRequired(ctx.realm.settings, ctx.auth.user)) return realmHref(ctx, '/account/security');
  return ctx.returnTo ?? realmHref(ctx, accountPath);
}

/**
 * Goes on from a finished step of signing in (password sign-in, the second-factor step, a
 * signed-in visit to the sign-in page — where the passkey script goes —, the forced password
 * change, the required second-factor enrolment) to where afterSignIn leads; when that is the saved
 * return target, its cookie is cleared as it is followed.
 */
export function continueAfterSignIn(res: Response, ctx: PageContext, secureCookies: boolean, accountPath = '/account'): void {
  const next = afterSignIn(ctx, accountPath);
  if (ctx.realm && next === ctx.returnTo) res.clearCookie(RETURN_COOKIE, returnCookieOptions(ctx.realm.slug, secureCookies));
  redirect(res, next);
}

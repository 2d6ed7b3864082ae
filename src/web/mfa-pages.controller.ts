import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminScope } from '../admin/admin-scope';
import { setSessionCookie } from '../auth/session-cookie';
import { LoginThrottle } from '../auth/throttle/login-throttle.decorator';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest, RequestAuth } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { MfaEnrolmentService } from '../mfa/enrolment/mfa-enrolment.service';
import { MfaFactorsService } from '../mfa/mfa-factors.service';
import { ReportLostFactorUseCase } from '../mfa/lost-factor/report-lost-factor.use-case';
import { ResetMfaUseCase } from '../mfa/lost-factor/reset-mfa.use-case';
import { mfaEnrollmentRequired } from '../mfa/mfa-policy';
import { MfaSignInService } from '../mfa/sign-in/mfa-sign-in.service';
import { requireSession } from './account.controller';
import { CsrfGuard } from './csrf.guard';
import { formString } from './form-input';
import { realmHref } from './layout';
import { continueAfterSignIn } from './sign-in.controller';
import { secondStepView } from './views/mfa-step.view';
import { securityView, SecurityView } from './views/mfa-security.view';
import { PageContext, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { formErrorsOf, redirect, sendPage } from './web-response';

/** The QR code as SVG; the library is loaded on first use so the service starts without it. */
async function qrSvg(text: string, options: { type: 'svg'; margin: number; width: number }): Promise<string> {
  const qrcode = await import('qrcode');
  return qrcode.toString(text, options);
}

/**
 * Second-factor pages: the sign-in page's second step, the account's security section and the
 * admin's "reset second factor", on the mfa module's use cases. Passkey ceremonies run in the
 * page script (/assets/mfa.js) against the REST API, which sets the same `sid` cookie.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm')
export class MfaPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly signIn: MfaSignInService,
    private readonly lost: ReportLostFactorUseCase,
    private readonly enrolment: MfaEnrolmentService,
    private readonly factors: MfaFactorsService,
    private readonly resetMfa: ResetMfaUseCase,
    private readonly config: AppConfig,
  ) {}

  @LoginThrottle()
  @Post('sign-in/mfa')
  async secondFactor(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const mfaToken = formString(req.body, 'mfaToken', 100);
    const method = formString(req.body, 'method', 20) === 'recovery_code' ? 'recovery_code' : 'totp';
    const code = formString(req.body, 'code', 64).trim();
    try {
      const result = await this.signIn.verify(ctx.realm!, mfaToken, { method, code }, req.ip ?? null, req.get('user-agent') ?? null);
      setSessionCookie(res, result.token, result.expiresAt, this.config);
      this.context.rotatePreSession(req, res);
      continueAfterSignIn(res, { ...ctx, auth: { sessionId: result.sessionId, expiresAt: result.expiresAt, user: result.user } }, this.config.secureCookies);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'unauthenticated') return redirect(res, realmHref(ctx, '/sign-in?expired=1'));
      const { user } = await this.signIn.flow(ctx.realm!, mfaToken).catch(() => ({ user: null }));
      const methods = user ? await this.factors.methods(user.id) : [];
      const errors = formErrorsOf(ctx, e, { code_invalid: method === 'totp' ? 'totp-code' : 'recovery-code' });
      sendPage(res, ctx, e.status, { title: ctx.t('mfa.step_title'), body: secondStepView(ctx, { mfaToken, methods, errors }) });
    }
  }

  @LoginThrottle()
  @Post('sign-in/mfa/lost')
  async lostFactor(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    try {
      await this.lost.execute(ctx.realm!, formString(req.body, 'mfaToken', 100), req.ip ?? null);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'unauthenticated') return redirect(res, realmHref(ctx, '/sign-in?expired=1'));
      throw e;
    }
    sendPage(res, ctx, 202, { title: ctx.t('mfa.step_title'), body: secondStepView(ctx, { mfaToken: '', methods: [], lostDone: true }) });
  }

  @Get('account/security')
  async security(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx, { allowMfaEnrollment: true });
    const done = ctx.query.done === 'passkey_added' ? ctx.t('mfa.passkey_added') : ctx.query.done === 'saved' ? ctx.p('saved') : undefined;
    await this.render(res, ctx, auth, 200, { flash: done });
  }

  @Post('account/security/totp')
  async startTotp(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx, { allowMfaEnrollment: true });
    await this.attempt(res, ctx, auth, async () => {
      const { secret, otpauthUrl } = await this.enrolment.startTotp(ctx.realm!, auth);
      return { pendingTotp: { secret, qrSvg: await qrSvg(otpauthUrl, { type: 'svg', margin: 2, width: 200 }) } };
    });
  }

  @Post('account/security/totp/confirm')
  async confirmTotp(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx, { allowMfaEnrollment: true });
    const code = formString(req.body, 'code', 64).trim();
    await this.attempt(
      res,
      ctx,
      auth,
      async () => ({ recoveryCodes: await this.enrolment.confirmTotp(ctx.realm!, auth, code, req.ip ?? null), enrolled: true, flash: ctx.p('saved') }),
      async (e) => {
        // Keep the pending enrolment on the page after a wrong code.
        const secret = e.code === 'code_invalid' ? await this.pendingSecret(auth) : null;
        return { errors: formErrorsOf(ctx, e, { code_invalid: 'totp-confirm-code' }), ...(secret ? { pendingTotp: { secret, qrSvg: await qrSvg(this.otpauth(ctx, auth, secret), { type: 'svg', margin: 2, width: 200 }) } } : {}) };
      },
    );
  }

  /**
   * "Continue" under the recovery codes shown after an enrolment: on as sign-in goes (afterSignIn)
   * — to the flow that sent the user to sign in (the saved return target, its cookie cleared), else
   * the account page; back here while the realm still requires a factor.
   */
  @Post('account/security/continue')
  async continueOn(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    requireSession(ctx, { allowMfaEnrollment: true });
    continueAfterSignIn(res, ctx, this.config.secureCookies);
  }

  @Post('account/security/totp/remove')
  async removeTotp(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const code = formString(req.body, 'code', 64).trim();
    await this.attempt(res, ctx, auth, async () => {
      await this.enrolment.removeTotp(ctx.realm!, auth, code, req.ip ?? null);
      return { flash: ctx.p('saved') };
    }, async (e) => ({ errors: formErrorsOf(ctx, e, { code_invalid: 'totp-remove-code' }) }));
  }

  @Post('account/security/passkeys/:id/remove')
  async removePasskey(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    await this.enrolment.removePasskey(ctx.realm!, auth, id, req.ip ?? null);
    redirect(res, realmHref(ctx, '/account/security?done=saved'));
  }

  @Post('account/security/recovery-codes')
  async regenerate(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const code = formString(req.body, 'code', 64).trim();
    await this.attempt(res, ctx, auth, async () => ({ recoveryCodes: await this.enrolment.regenerateCodes(ctx.realm!, auth, { code }, req.ip ?? null) }), async (e) => ({
      errors: formErrorsOf(ctx, e, { code_invalid: 'codes-code' }),
    }));
  }

  @Post('admin/users/:id/mfa-reset')
  async adminReset(@Req() req: AppRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    const scope = AdminScope.of(ctx.realm!, requireSession(ctx));
    if (!scope) throw new DomainError('forbidden');
    await this.resetMfa.execute(scope, id, req.ip ?? null);
    redirect(res, realmHref(ctx, `/admin/users/${encodeURIComponent(id)}?done=mfa_reset`));
  }

  private async attempt(
    res: Response,
    ctx: PageContext,
    auth: RequestAuth,
    action: () => Promise<Partial<SecurityView>>,
    onError: (e: DomainError) => Promise<Partial<SecurityView>> = async (e) => ({ errors: formErrorsOf(ctx, e) }),
  ): Promise<void> {
    try {
      const view = await action();
      await this.render(res, ctx, auth, 200, view);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.render(res, ctx, auth, e.status, await onError(e));
    }
  }

  private async pendingSecret(auth: RequestAuth): Promise<string | null> {
    return this.enrolment.pendingTotpSecret(auth.user.id);
  }

  private otpauth(ctx: PageContext, auth: RequestAuth, secret: string): string {
    return this.enrolment.otpauthUrlFor(ctx.realm!, auth.user.login, secret);
  }

  private async render(res: Response, ctx: PageContext, auth: RequestAuth, status: number, view: Partial<SecurityView>): Promise<void> {
    const fresh = await this.factors.status(auth.user, ctx.realm!.settings);
    sendPage(res, ctx, status, {
      title: ctx.t('mfa.security_title'),
      wide: true,
      body: securityView(ctx, { status: fresh, enrollmentRequired: mfaEnrollmentRequired(ctx.realm!.settings, auth.user), ...view }),
    });
  }
}

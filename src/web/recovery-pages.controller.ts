import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RecoveryThrottle } from '../auth/throttle/recovery-throttle.decorator';
import { CaptchaVerifier } from '../captcha/captcha-verifier.port';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest } from '../common/http/app-request';
import { StrictValidationPipe } from '../common/validation/validation.pipe';
import { ForgotLoginDto, ForgotPasswordDto, PhoneDigitsDto, ResetPasswordDto, SmsCodeDto } from '../recovery/dto/recovery.dto';
import { loginAnswerMessage, passwordAnswerMessage } from '../recovery/recovery-messages';
import { CheckResetTokenUseCase } from '../recovery/use-cases/check-reset-token.use-case';
import { GetRecoveryFlowUseCase } from '../recovery/use-cases/get-recovery-flow.use-case';
import { RecoverLoginUseCase } from '../recovery/use-cases/recover-login.use-case';
import { RequestPasswordResetUseCase } from '../recovery/use-cases/request-password-reset.use-case';
import { ResetPasswordUseCase } from '../recovery/use-cases/reset-password.use-case';
import { SendSmsCodeUseCase } from '../recovery/use-cases/send-sms-code.use-case';
import { VerifySmsCodeUseCase } from '../recovery/use-cases/verify-sms-code.use-case';
import { Clock } from '../common/time/clock';
import { CsrfGuard } from './csrf.guard';
import { formString } from './form-input';
import { FormErrors, realmHref } from './layout';
import {
  CaptchaView,
  chooserView,
  deadEndView,
  loginRequestView,
  passwordRequestView,
  resetDoneView,
  resetView,
  sentView,
  smsCodeView,
  smsDigitsView,
} from './views/recovery.view';
import { PageContext, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { formErrorsOf, redirect, sendPage } from './web-response';

const pipe = new StrictValidationPipe();
async function validateAs<T>(dto: new () => T, value: Record<string, unknown>): Promise<T> {
  return (await pipe.transform(value, { type: 'body', metatype: dto })) as T;
}

/** Errors that end a flow's page: shown with a way to start again. */
const DEAD_ENDS = new Set(['flow_not_found', 'flow_expired', 'flow_locked', 'flow_state_invalid', 'token_invalid', 'too_many_requests']);

/** Recovery pages (manuals 001 and 002) on the recovery use cases of the REST API. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm')
export class RecoveryPagesController {
  constructor(
    private readonly context: WebContextService,
    private readonly captcha: CaptchaVerifier,
    private readonly requestPasswordReset: RequestPasswordResetUseCase,
    private readonly recoverLogin: RecoverLoginUseCase,
    private readonly getFlow: GetRecoveryFlowUseCase,
    private readonly sendSmsCode: SendSmsCodeUseCase,
    private readonly verifySmsCode: VerifySmsCodeUseCase,
    private readonly checkResetToken: CheckResetTokenUseCase,
    private readonly resetPassword: ResetPasswordUseCase,
    private readonly clock: Clock,
  ) {}

  private async newCaptcha(ctx: PageContext): Promise<CaptchaView> {
    const c = await this.captcha.create(ctx.realm!.id);
    return { captchaId: c.captchaId, imageUrl: `/api/v1/realms/${encodeURIComponent(ctx.realm!.slug)}/captcha/${encodeURIComponent(c.captchaId)}/image` };
  }

  private passwordNeedsCaptcha(ctx: PageContext): boolean {
    const s = ctx.realm!.settings;
    return s.captcha || s.forgotPasswordRequires === 'login+captcha';
  }

  private deadEnd(res: Response, ctx: PageContext, e: DomainError): void {
    for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
    sendPage(res, ctx, e.status, { title: ctx.p('recovery_title'), body: deadEndView(ctx, ctx.p('recovery_title'), formErrorsOf(ctx, e).general?.join(' ') ?? '') });
  }

  /** The chooser (school), or straight to the login + e-mail form (merchant). */
  @Get('recovery')
  async chooser(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    if (ctx.realm!.settings.forgotPasswordRequires === 'login+email') return this.renderPassword(res, ctx, 200, {});
    sendPage(res, ctx, 200, { title: ctx.p('recovery_title'), body: chooserView(ctx) });
  }

  @Get('recovery/password')
  async passwordForm(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    await this.renderPassword(res, ctx, 200, {});
  }

  @RecoveryThrottle()
  @Post('recovery/password')
  async password(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const s = ctx.realm!.settings;
    const login = formString(req.body, 'login', 100).trim();
    const email = formString(req.body, 'email', 254).trim();
    if (formString(req.body, 'refreshCaptcha')) return this.renderPassword(res, ctx, 200, { login, email });
    try {
      const body: Record<string, unknown> = { login };
      if (s.forgotPasswordRequires === 'login+email') body.email = email;
      if (this.passwordNeedsCaptcha(ctx)) {
        body.captchaId = formString(req.body, 'captchaId', 100);
        body.captchaAnswer = formString(req.body, 'captchaAnswer', 100).trim();
      }
      const dto = await validateAs(ForgotPasswordDto, body);
      const result = await this.requestPasswordReset.execute(ctx.realm!, { ...dto, ip: req.ip ?? null });
      sendPage(res, ctx, 202, {
        title: ctx.p('recovery_password_title'),
        body: sentView(ctx, {
          title: ctx.p('recovery_password_title'),
          message: passwordAnswerMessage(ctx.locale, result.answer, s),
          smsHref: s.smsFallback ? realmHref(ctx, `/recovery/flows/${encodeURIComponent(result.flowId)}/sms`) : undefined,
        }),
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.renderPassword(res, ctx, e.status, { login, email, errors: formErrorsOf(ctx, e, { captcha_invalid: 'captchaAnswer' }) });
    }
  }

  private async renderPassword(res: Response, ctx: PageContext, status: number, v: { login?: string; email?: string; errors?: FormErrors }): Promise<void> {
    const needsEmail = ctx.realm!.settings.forgotPasswordRequires === 'login+email';
    const captcha = this.passwordNeedsCaptcha(ctx) ? await this.newCaptcha(ctx) : undefined;
    sendPage(res, ctx, status, { title: ctx.p('recovery_password_title'), body: passwordRequestView(ctx, { ...v, needsEmail, captcha }) });
  }

  @Get('recovery/login')
  async loginForm(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.renderLogin(res, await this.context.build(req, res), 200, 'login', {});
  }

  @Get('recovery/both')
  async bothForm(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.renderLogin(res, await this.context.build(req, res), 200, 'both', {});
  }

  @RecoveryThrottle()
  @Post('recovery/login')
  async login(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submitLogin(req, res, 'login');
  }

  @RecoveryThrottle()
  @Post('recovery/both')
  async both(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submitLogin(req, res, 'both');
  }

  private async submitLogin(req: AppRequest, res: Response, kind: 'login' | 'both'): Promise<void> {
    const ctx = await this.context.build(req, res);
    const v = {
      email: formString(req.body, 'email', 254).trim(),
      phone: formString(req.body, 'phone', 32).trim(),
      day: formString(req.body, 'day', 2),
      month: formString(req.body, 'month', 2),
      year: formString(req.body, 'year', 4),
    };
    if (formString(req.body, 'refreshCaptcha')) return this.renderLogin(res, ctx, 200, kind, v);
    try {
      const birthDate = v.day && v.month && v.year ? `${v.year.padStart(4, '0')}-${v.month.padStart(2, '0')}-${v.day.padStart(2, '0')}` : '';
      const body: Record<string, unknown> = { birthDate, captchaId: formString(req.body, 'captchaId', 100), captchaAnswer: formString(req.body, 'captchaAnswer', 100).trim() };
      if (v.email) body.email = v.email;
      if (v.phone) body.phone = v.phone;
      const dto = await validateAs(ForgotLoginDto, body);
      await this.recoverLogin.execute(ctx.realm!, kind, { ...dto, ip: req.ip ?? null });
      const title = ctx.p(kind === 'login' ? 'forgot_login' : 'forgot_both');
      sendPage(res, ctx, 202, { title, body: sentView(ctx, { title, message: loginAnswerMessage(ctx.locale, ctx.realm!.settings) }) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await this.renderLogin(res, ctx, e.status, kind, { ...v, errors: formErrorsOf(ctx, e, { captcha_invalid: 'captchaAnswer' }) });
    }
  }

  private async renderLogin(res: Response, ctx: PageContext, status: number, kind: 'login' | 'both', v: { email?: string; phone?: string; day?: string; month?: string; year?: string; errors?: FormErrors }): Promise<void> {
    const captcha = await this.newCaptcha(ctx);
    const title = ctx.p(kind === 'login' ? 'forgot_login' : 'forgot_both');
    sendPage(res, ctx, status, { title, body: loginRequestView(ctx, { ...v, kind, captcha, thisYear: this.clock.now().getUTCFullYear() }) });
  }

  /** SMS fallback, step 1: the hidden digits of the masked phone. */
  @Get('recovery/flows/:flowId/sms')
  async smsForm(@Req() req: AppRequest, @Res() res: Response, @Param('flowId') flowId: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    await this.renderDigits(res, ctx, flowId, 200);
  }

  @RecoveryThrottle()
  @Post('recovery/flows/:flowId/sms')
  async sms(@Req() req: AppRequest, @Res() res: Response, @Param('flowId') flowId: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    try {
      const dto = await validateAs(PhoneDigitsDto, { phoneDigits: formString(req.body, 'phoneDigits', 20).trim() });
      await this.sendSmsCode.execute(ctx.realm!, flowId, dto.phoneDigits);
      redirect(res, realmHref(ctx, `/recovery/flows/${encodeURIComponent(flowId)}/code`));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      await this.renderDigits(res, ctx, flowId, e.status, formErrorsOf(ctx, e, { phone_digits_mismatch: 'phoneDigits' }));
    }
  }

  private async renderDigits(res: Response, ctx: PageContext, flowId: string, status: number, errors?: FormErrors): Promise<void> {
    try {
      const flow = await this.getFlow.execute(ctx.realm!, flowId);
      if (!flow.sms.available || !flow.sms.maskedPhone) {
        return sendPage(res, ctx, 409, { title: ctx.p('recovery_title'), body: deadEndView(ctx, ctx.p('recovery_title'), ctx.p('sms_unavailable')) });
      }
      sendPage(res, ctx, status, {
        title: ctx.p('recovery_title'),
        body: smsDigitsView(ctx, { action: realmHref(ctx, `/recovery/flows/${encodeURIComponent(flowId)}/sms`), maskedPhone: flow.sms.maskedPhone, hiddenDigits: ctx.realm!.settings.hiddenPhoneDigits, errors }),
      });
    } catch (e) {
      if (e instanceof DomainError && DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      throw e;
    }
  }

  /** SMS fallback, step 2: the code. */
  @Get('recovery/flows/:flowId/code')
  async codeForm(@Req() req: AppRequest, @Res() res: Response, @Param('flowId') flowId: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    await this.renderCode(res, ctx, flowId, 200);
  }

  @RecoveryThrottle()
  @Post('recovery/flows/:flowId/code')
  async code(@Req() req: AppRequest, @Res() res: Response, @Param('flowId') flowId: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    try {
      const dto = await validateAs(SmsCodeDto, { code: formString(req.body, 'code', 20).trim() });
      const { resetToken } = await this.verifySmsCode.execute(ctx.realm!, flowId, dto.code);
      // The new-password form right away: the token travels in the form, never in a URL.
      const info = await this.checkResetToken.execute(ctx.realm!, resetToken);
      sendPage(res, ctx, 200, { title: ctx.p('reset_title'), body: resetView(ctx, { token: resetToken, login: info.login, policy: ctx.realm!.settings.passwordPolicy }) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      await this.renderCode(res, ctx, flowId, e.status, formErrorsOf(ctx, e, { code_invalid: 'code' }));
    }
  }

  private async renderCode(res: Response, ctx: PageContext, flowId: string, status: number, errors?: FormErrors): Promise<void> {
    try {
      const flow = await this.getFlow.execute(ctx.realm!, flowId);
      const base = realmHref(ctx, `/recovery/flows/${encodeURIComponent(flowId)}`);
      if (flow.state !== 'code_sent' || !flow.sms.maskedPhone) return redirect(res, `${base}/sms`);
      sendPage(res, ctx, status, { title: ctx.p('recovery_title'), body: smsCodeView(ctx, { action: `${base}/code`, resendHref: `${base}/sms`, maskedPhone: flow.sms.maskedPhone, errors }) });
    } catch (e) {
      if (e instanceof DomainError && DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      throw e;
    }
  }

  /** The e-mailed link: opening it checks the token and spends nothing. */
  @RecoveryThrottle()
  @Get('reset-password')
  async resetForm(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const token = (ctx.query.token ?? '').slice(0, 200);
    try {
      const info = await this.checkResetToken.execute(ctx.realm!, token);
      sendPage(res, ctx, 200, { title: ctx.p('reset_title'), body: resetView(ctx, { token, login: info.login, policy: ctx.realm!.settings.passwordPolicy }) });
    } catch (e) {
      if (e instanceof DomainError && DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      throw e;
    }
  }

  @RecoveryThrottle()
  @Post('reset-password')
  async reset(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const token = formString(req.body, 'token', 200);
    try {
      const dto = await validateAs(ResetPasswordDto, { token, newPassword: formString(req.body, 'newPassword', 4096), newPasswordConfirm: formString(req.body, 'newPasswordConfirm', 4096) });
      await this.resetPassword.execute(ctx.realm!, { ...dto, ip: req.ip ?? null });
      sendPage(res, ctx, 200, { title: ctx.p('reset_done_title'), body: resetDoneView(ctx) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (DEAD_ENDS.has(e.code)) return this.deadEnd(res, ctx, e);
      const info = await this.checkResetToken.execute(ctx.realm!, token).catch(() => undefined);
      const errors = formErrorsOf(ctx, e, { password_mismatch: 'newPasswordConfirm' });
      sendPage(res, ctx, e.status, { title: ctx.p('reset_title'), body: resetView(ctx, { token, login: info?.login, policy: ctx.realm!.settings.passwordPolicy, errors }) });
    }
  }
}

import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import type { AppRequest, RequestAuth } from '../common/http/app-request';
import { StrictValidationPipe } from '../common/validation/validation.pipe';
import { EmailContactDto, PhoneContactDto, ConfirmContactDto } from '../verification/dto/contact.dto';
import { ChangePasswordDto } from '../auth/dto/change-password.dto';
import { ChangePasswordUseCase } from '../auth/use-cases/change-password.use-case';
import { GetOwnAccountUseCase } from '../account/use-cases/get-own-account.use-case';
import { UpdateOwnAccountUseCase } from '../account/use-cases/update-own-account.use-case';
import { UpdateOwnAccountDto } from '../account/dto/own-account.dto';
import { AppConfig } from '../config/app-config';
import { mfaEnrollmentRequired } from '../mfa/mfa-policy';
import { ConfirmContactUseCase } from '../verification/use-cases/confirm-contact.use-case';
import { RequestContactCodeUseCase } from '../verification/use-cases/request-contact-code.use-case';
import { CsrfGuard } from './csrf.guard';
import { formString } from './form-input';
import { FormErrors, realmHref } from './layout';
import { continueAfterSignIn } from './sign-in.controller';
import { accountView, contactSection, localeSection, passwordChangeView } from './views/account.view';
import { LANG_COOKIE, PageContext, WebContextService } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { MySessionsService } from '../security-centre/my-sessions.service';
import { sessionsSection } from '../security-centre/web/sessions.view';
import { formErrorsOf, redirect, sendPage } from './web-response';

const pipe = new StrictValidationPipe();
type Channel = 'email' | 'phone';

/** The signed-in user's own page: contacts, password change, the forced change. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@UseGuards(CsrfGuard)
@Controller('realms/:realm/account')
export class AccountController {
  constructor(
    private readonly context: WebContextService,
    private readonly requestCode: RequestContactCodeUseCase,
    private readonly confirmContact: ConfirmContactUseCase,
    private readonly changePassword: ChangePasswordUseCase,
    private readonly getAccount: GetOwnAccountUseCase,
    private readonly updateAccount: UpdateOwnAccountUseCase,
    private readonly config: AppConfig,
    private readonly mySessions: MySessionsService,
  ) {}

  /** The user's own language (PATCH /me's use case); the pages follow it from then on. */
  @Post('locale')
  async locale(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const locale = formString(req.body, 'locale', 10);
    try {
      const dto = (await pipe.transform({ locale }, { type: 'body', metatype: UpdateOwnAccountDto })) as UpdateOwnAccountDto;
      await this.updateAccount.execute(ctx.realm!, auth, dto);
      // The switcher's cookie would otherwise outrank the setting just saved.
      res.cookie(LANG_COOKIE, dto.locale, { httpOnly: true, sameSite: 'lax', path: '/', secure: this.config.secureCookies, maxAge: 365 * 86400_000 });
      redirect(res, realmHref(ctx, '/account?done=saved'));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrorsOf(ctx, e);
      const messages = [...(errors.general ?? []), ...Object.values(errors.fields ?? {}).flat()];
      await this.render(res, ctx, auth, e.status, {}, { general: [], fields: { locale: messages.slice(-1) } });
    }
  }

  /** Change password, and the forced change after a temporary password (allowed while pending). */
  @Get('password')
  async passwordForm(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx, { allowPendingPasswordChange: true });
    this.renderPassword(res, ctx, auth, 200);
  }

  @Post('password')
  async password(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx, { allowPendingPasswordChange: true });
    try {
      const dto = (await pipe.transform(
        { currentPassword: formString(req.body, 'currentPassword', 4096), newPassword: formString(req.body, 'newPassword', 4096), newPasswordConfirm: formString(req.body, 'newPasswordConfirm', 4096) },
        { type: 'body', metatype: ChangePasswordDto },
      )) as ChangePasswordDto;
      const forced = auth.user.mustChangePassword;
      await this.changePassword.execute({ realm: ctx.realm!, auth, ...dto, ip: req.ip ?? null });
      if (!forced) return redirect(res, realmHref(ctx, '/account?done=password_changed'));
      // The forced change was a step of signing in: go on as sign-in would have (second-factor
      // enrolment, the flow that sent the user to sign in, else the account page).
      continueAfterSignIn(res, { ...ctx, auth: { ...auth, user: { ...auth.user, mustChangePassword: false } } }, this.config.secureCookies, '/account?done=password_changed');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      this.renderPassword(res, ctx, auth, e.status, formErrorsOf(ctx, e, { invalid_credentials: 'currentPassword', password_mismatch: 'newPasswordConfirm' }));
    }
  }

  private renderPassword(res: Response, ctx: PageContext, auth: RequestAuth, status: number, errors?: FormErrors): void {
    const forced = auth.user.mustChangePassword;
    sendPage(res, ctx, status, { title: ctx.p(forced ? 'forced_change_title' : 'change_password_title'), body: passwordChangeView(ctx, { user: auth.user, policy: ctx.realm!.settings.passwordPolicy, forced, errors }) });
  }

  @Get()
  async page(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    await this.render(res, ctx, auth, 200, {});
  }

  /** Step 1: a code to the new (or current, unconfirmed) contact. */
  @Post('contacts/:channel')
  async sendCode(@Req() req: AppRequest, @Res() res: Response, @Param('channel') channel: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const ch = channelOf(channel);
    const value = formString(req.body, 'value', 254).trim();
    try {
      if (ch === 'email') await pipe.transform({ email: value }, { type: 'body', metatype: EmailContactDto });
      else await pipe.transform({ phone: value }, { type: 'body', metatype: PhoneContactDto });
      await this.requestCode.execute(ctx.realm!, auth.user, ch, value);
      await this.render(res, ctx, auth, 202, { [ch]: { value, codeSent: true } });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      for (const [name, header] of Object.entries(e.headers)) res.setHeader(name, header);
      const errors = formErrorsOf(ctx, e);
      const messages = [...(errors.general ?? []), ...Object.values(errors.fields ?? {}).flat()];
      await this.render(res, ctx, auth, e.status, { [ch]: { value, errors: { general: [], fields: { [`${ch}-value`]: messages.slice(-1) } } } });
    }
  }

  /** Step 2: the code confirms the contact. */
  @Post('contacts/:channel/confirm')
  async confirm(@Req() req: AppRequest, @Res() res: Response, @Param('channel') channel: string): Promise<void> {
    const ctx = await this.context.build(req, res);
    const auth = requireSession(ctx);
    const ch = channelOf(channel);
    const code = formString(req.body, 'code', 12).trim();
    const value = formString(req.body, 'value', 254).trim();
    try {
      await pipe.transform({ code }, { type: 'body', metatype: ConfirmContactDto });
      await this.confirmContact.execute(ctx.realm!, auth.user, ch, code, req.ip ?? null);
      redirect(res, realmHref(ctx, '/account?done=contact_confirmed'));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      for (const [name, header] of Object.entries(e.headers)) res.setHeader(name, header);
      const errors = formErrorsOf(ctx, e);
      const messages = [...(errors.general ?? []), ...Object.values(errors.fields ?? {}).flat()];
      await this.render(res, ctx, auth, e.status, { [ch]: { value, codeSent: true, errors: { general: [], fields: { [`${ch}-code`]: messages.slice(-1) } } } });
    }
  }

  /** The page on GET /me's use case: the user read fresh, with their contacts. */
  private async render(res: Response, ctx: PageContext, auth: RequestAuth, status: number, state: Partial<Record<Channel, ContactState>>, localeErrors?: FormErrors): Promise<void> {
    const user = await this.getAccount.execute(auth);
    sendPage(res, ctx, status, {
      title: ctx.p('account_title'),
      wide: true,
      body: accountView(ctx, {
        user,
        flash: flashOf(ctx),
        sections: [contactSection(ctx, 'email', user, state.email), contactSection(ctx, 'phone', user, state.phone), localeSection(ctx, user, localeErrors), sessionsSection(ctx, await this.mySessions.list(auth), auth.sessionId)],
      }),
    });
  }
}

export interface ContactState {
  value?: string;
  codeSent?: boolean;
  errors?: FormErrors;
}

function channelOf(channel: string): Channel {
  if (channel === 'email' || channel === 'phone') return channel;
  throw new DomainError('not_found');
}

/**
 * The page's session; none → sign-in, a pending forced change → the password page, then (once the
 * change is done) a required second-factor enrolment → the security section, as afterSignIn orders them.
 */
export function requireSession(ctx: PageContext, options: { allowPendingPasswordChange?: boolean; allowMfaEnrollment?: boolean } = {}): RequestAuth {
  if (!ctx.auth) throw new DomainError('unauthenticated');
  if (ctx.auth.user.mustChangePassword) {
    if (!options.allowPendingPasswordChange) throw new DomainError('password_change_required');
    // A pending forced change comes first (as in afterSignIn); enrolment is asked once it is done.
    return ctx.auth;
  }
  if (ctx.realm && mfaEnrollmentRequired(ctx.realm.settings, ctx.auth.user) && !options.allowMfaEnrollment) throw new DomainError('mfa_enrollment_required');
  return ctx.auth;
}

/** A one-word status after a redirect (`?done=saved`) → its text, only for known keys. */
export function flashOf(ctx: PageContext): string | undefined {
  const known = ['password_changed', 'contact_confirmed', 'saved', 'user_created', 'unlocked', 'sessions_ended', 'resolved', 'session_ended'];
  const done = ctx.query.done;
  return done && known.includes(done) ? ctx.p(done) : undefined;
}

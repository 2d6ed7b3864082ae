import type { PasswordPolicySettings } from '../../realms/realm-settings';
import { html, Html } from '../html';
import { csrfField, errorSummary, field, FormErrors, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';
import { newPasswordFields } from './password.view';

/** A captcha shown on a form: the picture, its id, and where the script gets a new one. */
export interface CaptchaView {
  captchaId: string;
  imageUrl: string;
}

export function captchaFields(ctx: PageContext, captcha: CaptchaView, errors: FormErrors | undefined): Html {
  return html`<div class="field-group" data-captcha data-new-url="/api/v1/realms/${ctx.realm?.slug ?? ''}/captcha">
<input type="hidden" name="captchaId" value="${captcha.captchaId}">
<div class="captcha">
<img src="${captcha.imageUrl}" alt="${ctx.p('captcha_image')}" width="180" height="60">
<button type="submit" name="refreshCaptcha" value="1" class="secondary" formnovalidate data-captcha-refresh>${ctx.p('captcha_refresh')}</button>
</div>
${field(errors, { name: 'captchaAnswer', label: ctx.p('captcha'), inputmode: 'numeric', autocomplete: 'off', required: true, maxlength: 12, extra: html` data-digits` })}
</div>`;
}

/** Manual 002, step 2: the three choices. */
export function chooserView(ctx: PageContext): Html {
  return html`<h1>${ctx.p('recovery_title')}</h1>
<p>${ctx.p('recovery_intro')}</p>
<ul class="choices">
<li><a href="${realmHref(ctx, '/recovery/login')}">${ctx.p('forgot_login')}</a></li>
<li><a href="${realmHref(ctx, '/recovery/password')}">${ctx.p('forgot_password_choice')}</a></li>
<li><a href="${realmHref(ctx, '/recovery/both')}">${ctx.p('forgot_both')}</a></li>
</ul>
<p><a href="${realmHref(ctx, '/sign-in')}">${ctx.p('back_to_sign_in')}</a></p>`;
}

export interface PasswordRequestView {
  login?: string;
  email?: string;
  needsEmail: boolean;
  captcha?: CaptchaView;
  errors?: FormErrors;
}

/** Forgot password: login + e-mail (manual 001) or login + captcha (manual 002). */
export function passwordRequestView(ctx: PageContext, v: PasswordRequestView): Html {
  const title = v.needsEmail ? ctx.p('recovery_password_title') : ctx.p('forgot_password_choice');
  return html`<h1>${title}</h1>
${v.needsEmail ? html`<p>${ctx.p('recovery_merchant_intro')}</p>` : ''}
${errorSummary(ctx, v.errors, { login: ctx.p('login'), email: ctx.p('email'), captchaAnswer: ctx.p('captcha') })}
<form method="post" action="${realmHref(ctx, '/recovery/password')}" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'login', label: ctx.p('enter_login'), value: v.login, autocomplete: 'username', required: true, maxlength: 100 })}
${v.needsEmail ? field(v.errors, { name: 'email', label: ctx.p('enter_email'), type: 'email', value: v.email, autocomplete: 'email', required: true, maxlength: 254 }) : ''}
${v.captcha ? captchaFields(ctx, v.captcha, v.errors) : ''}
<div class="actions">${submit(ctx.p('next'))}</div>
</form>
<p><a href="${realmHref(ctx, '/sign-in')}">${ctx.p('back_to_sign_in')}</a></p>`;
}

export interface LoginRequestView {
  kind: 'login' | 'both';
  email?: string;
  phone?: string;
  day?: string;
  month?: string;
  year?: string;
  captcha: CaptchaView;
  errors?: FormErrors;
  /** The year the list of years ends with (this year, from the clock). */
  thisYear: number;
}

/** Forgot login / forgot both (manual 002): e-mail and/or phone, date of birth, captcha. */
export function loginRequestView(ctx: PageContext, v: LoginRequestView): Html {
  const months = ctx.p('months').split(',');
  const years: number[] = [];
  for (let y = v.thisYear; y >= v.thisYear - 110; y--) years.push(y);
  const dobErrors = v.errors?.fields?.birthDate ?? [];
  const option = (value: string, label: string | number, selected?: string) => html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
  return html`<h1>${ctx.p(v.kind === 'login' ? 'forgot_login' : 'forgot_both')}</h1>
${errorSummary(ctx, v.errors, { contact: ctx.p('enter_email'), email: ctx.p('enter_email'), phone: ctx.p('phone'), birthDate: ctx.p('birth_date'), captchaAnswer: ctx.p('captcha') })}
<form method="post" action="${realmHref(ctx, `/recovery/${v.kind}`)}" novalidate>
${csrfField(ctx)}
<fieldset${v.errors?.fields?.contact?.length ? html` aria-describedby="f-contact-error"` : ''}>
${v.errors?.fields?.contact?.length ? html`<p class="field-error" id="f-contact-error">${v.errors.fields.contact.join(' ')}</p>` : ''}
<span id="f-contact"></span>
${field(v.errors, { name: 'email', label: ctx.p('enter_email'), type: 'email', value: v.email, autocomplete: 'email', maxlength: 254 })}
<p class="muted">${ctx.p('or')}</p>
${field(v.errors, { name: 'phone', label: ctx.p('phone'), type: 'tel', value: v.phone, autocomplete: 'tel', hint: ctx.p('phone_hint'), maxlength: 20 })}
</fieldset>
<fieldset id="f-birthDate"${dobErrors.length ? html` aria-describedby="f-birthDate-error"` : ''}>
<legend>${ctx.p('birth_date')}</legend>
${dobErrors.length ? html`<p class="field-error" id="f-birthDate-error">${dobErrors.join(' ')}</p>` : ''}
<div class="date-row">
<div><label for="f-day">${ctx.p('day')}</label><select id="f-day" name="day" autocomplete="bday-day"${dobErrors.length ? html` aria-invalid="true"` : ''}>${option('', '—', v.day)}${Array.from({ length: 31 }, (_, i) => option(String(i + 1), i + 1, v.day))}</select></div>
<div><label for="f-month">${ctx.p('month')}</label><select id="f-month" name="month" autocomplete="bday-month"${dobErrors.length ? html` aria-invalid="true"` : ''}>${option('', '—', v.month)}${months.map((m, i) => option(String(i + 1), m, v.month))}</select></div>
<div><label for="f-year">${ctx.p('year')}</label><select id="f-year" name="year" autocomplete="bday-year"${dobErrors.length ? html` aria-invalid="true"` : ''}>${option('', '—', v.year)}${years.map((y) => option(String(y), y, v.year))}</select></div>
</div>
</fieldset>
${captchaFields(ctx, v.captcha, v.errors)}
<div class="actions">${submit(ctx.p('next'))}</div>
</form>
<p class="hint">${ctx.p('login_hint_note')}</p>
<p><a href="${realmHref(ctx, '/sign-in')}">${ctx.p('back_to_sign_in')}</a></p>`;
}

export interface SentView {
  title: string;
  message: string;
  /** Offer the SMS fallback for this flow. */
  smsHref?: string;
}

/** The answer after a request: the use case's message, "Назад к авторизации", the SMS fallback. */
export function sentView(ctx: PageContext, v: SentView): Html {
  return html`<h1>${v.title}</h1>
<div class="alert info" role="status"><p>${v.message} <a href="${realmHref(ctx, '/sign-in')}">${ctx.p('back_to_sign_in')}</a></p></div>
${v.smsHref ? html`<p><a href="${v.smsHref}">${ctx.p('sms_fallback_link')}</a></p>` : ''}`;
}

export interface SmsDigitsView {
  action: string;
  maskedPhone: string;
  hiddenDigits: number;
  errors?: FormErrors;
}

/** Manual 002: the masked phone with an input for its hidden digits. */
export function smsDigitsView(ctx: PageContext, v: SmsDigitsView): Html {
  return html`<h1>${ctx.p('recovery_title')}</h1>
<p>${ctx.p('sms_digits_intro')}</p>
${errorSummary(ctx, v.errors, { phoneDigits: ctx.p('sms_digits_label') })}
<form method="post" action="${v.action}" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'phoneDigits', label: ctx.p('sms_digits_label'), hint: ctx.p('sms_digits_masked', { masked: v.maskedPhone }), inputmode: 'numeric', autocomplete: 'off', required: true, maxlength: v.hiddenDigits, pattern: `[0-9]{${v.hiddenDigits}}`, extra: html` data-digits` })}
<div class="actions">${submit(ctx.p('next'))}</div>
</form>`;
}

export interface SmsCodeView {
  action: string;
  resendHref: string;
  maskedPhone: string;
  errors?: FormErrors;
}

/** Manual 002: «Код подтверждения был отправлен в SMS…» and the code input. */
export function smsCodeView(ctx: PageContext, v: SmsCodeView): Html {
  return html`<h1>${ctx.p('recovery_title')}</h1>
<p>${ctx.p('sms_code_sent', { masked: v.maskedPhone })}</p>
${errorSummary(ctx, v.errors, { code: ctx.p('sms_code_label') })}
<form method="post" action="${v.action}" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'code', label: ctx.p('sms_code_label'), inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 6, pattern: '[0-9]{6}', extra: html` data-digits` })}
<div class="actions">${submit(ctx.p('next'))}</div>
</form>
<p><a href="${v.resendHref}">${ctx.p('sms_resend')}</a></p>`;
}

export interface ResetView {
  token: string;
  login?: string;
  policy: PasswordPolicySettings;
  errors?: FormErrors;
}

/** Manual 002: «Выберите свой новый пароль», two fields, the rules listed. */
export function resetView(ctx: PageContext, v: ResetView): Html {
  return html`<h1>${ctx.p('reset_title')}</h1>
<p>${ctx.p('reset_intro', { realm: ctx.realm?.settings.displayName ?? '' })}</p>
${v.login ? html`<p>${ctx.p('reset_for_login', { login: v.login })}</p>` : ''}
${errorSummary(ctx, v.errors, { newPassword: ctx.p('new_password'), newPasswordConfirm: ctx.p('repeat_password') })}
<form method="post" action="${realmHref(ctx, '/reset-password')}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="token" value="${v.token}">
${v.login ? html`<input type="text" name="username" value="${v.login}" autocomplete="username" hidden>` : ''}
${newPasswordFields(ctx, v.policy, v.errors, v.login)}
<div class="actions">${submit(ctx.p('next'))}</div>
</form>`;
}

export function resetDoneView(ctx: PageContext): Html {
  return html`<h1>${ctx.p('reset_done_title')}</h1>
<div class="alert success" role="status"><p>${ctx.p('reset_done')}</p></div>
<p><a class="button" href="${realmHref(ctx, '/sign-in')}">${ctx.p('go_to_sign_in')}</a></p>`;
}

/** A dead end (expired link or flow): the message and a way to start again. */
export function deadEndView(ctx: PageContext, title: string, message: string): Html {
  return html`<h1>${title}</h1>
<div class="alert error" role="alert"><p>${message}</p></div>
<p><a href="${realmHref(ctx, '/recovery')}">${ctx.p('start_again')}</a></p>
<p><a href="${realmHref(ctx, '/sign-in')}">${ctx.p('back_to_sign_in')}</a></p>`;
}

import type { UserEntity } from '../../users/entities/user.entity';
import { html, Html } from '../html';
import { csrfField, errorSummary, field, FormErrors, notice, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';
import { newPasswordFields } from './password.view';

export interface AccountView {
  user: UserEntity;
  flash?: string;
  /** Extra sections (contacts, password) rendered below the summary. */
  sections?: Html[];
}

function contactState(ctx: PageContext, value: string | null, verified: boolean): Html {
  if (!value) return html`<span class="muted">${ctx.p('not_set')}</span>`;
  return html`${value} <span class="badge ${verified ? 'ok' : 'warn'}">${ctx.p(verified ? 'confirmed' : 'not_confirmed')}</span>`;
}

export function accountView(ctx: PageContext, v: AccountView): Html {
  return html`<h1>${ctx.p('account_title')}</h1>
${v.flash ? notice(v.flash) : ''}
<dl class="summary">
<dt>${ctx.p('account_login')}</dt><dd>${v.user.login}</dd>
<dt>${ctx.p('account_email')}</dt><dd>${contactState(ctx, v.user.email, v.user.emailVerified)}</dd>
<dt>${ctx.p('account_phone')}</dt><dd>${contactState(ctx, v.user.phone, v.user.phoneVerified)}</dd>
</dl>
${v.user.canChangeOwnPassword ? html`<p><a href="${realmHref(ctx, '/account/password')}">${ctx.p('change_password_title')}</a></p>` : ''}
<p><a href="${realmHref(ctx, '/account/security')}">${ctx.t('mfa.security_title')}</a></p>
${v.sections ?? []}`;
}

/** Change or confirm one contact: the new value, then the code sent to it. */
export function contactSection(ctx: PageContext, channel: 'email' | 'phone', user: UserEntity, state: { value?: string; codeSent?: boolean; errors?: FormErrors } = {}): Html {
  const current = channel === 'email' ? user.email : user.phone;
  const verified = channel === 'email' ? user.emailVerified : user.phoneVerified;
  const base = realmHref(ctx, `/account/contacts/${channel}`);
  const title = ctx.p(channel === 'email' ? 'change_email' : 'change_phone');
  const value = state.value ?? (current && !verified ? current : '');
  return html`<section class="box" aria-labelledby="${channel}-title">
<h2 id="${channel}-title">${title}</h2>
${errorSummary(ctx, state.errors, { [`${channel}-value`]: ctx.p(channel === 'email' ? 'new_email' : 'new_phone'), [`${channel}-code`]: ctx.p('confirm_code') })}
${state.codeSent && !state.errors?.fields?.[`${channel}-value`]?.length ? html`<div class="alert info" role="status"><p>${ctx.p('code_sent_to', { contact: value })}</p></div>` : ''}
<form method="post" action="${base}" novalidate>
${csrfField(ctx)}
${field(state.errors, { name: 'value', id: `${channel}-value`, label: ctx.p(channel === 'email' ? 'new_email' : 'new_phone'), type: channel === 'email' ? 'email' : 'tel', value, autocomplete: channel === 'email' ? 'email' : 'tel', maxlength: 254, hint: channel === 'phone' ? ctx.p('phone_hint') : undefined })}
<div class="actions"><button type="submit" class="secondary">${ctx.p('send_code')}</button></div>
</form>
${state.codeSent
  ? html`<form method="post" action="${base}/confirm" novalidate>
${csrfField(ctx)}
<input type="hidden" name="value" value="${value}">
${field(state.errors, { name: 'code', id: `${channel}-code`, label: ctx.p('confirm_code'), inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true, extra: html` data-digits` })}
<div class="actions">${submit(ctx.p('confirm'))}</div>
</form>`
  : ''}
</section>`;
}

/** Change password; the forced change after a temporary password says why. */
export function passwordChangeView(ctx: PageContext, v: { user: UserEntity; policy: import('../../realms/realm-settings').PasswordPolicySettings; forced: boolean; errors?: FormErrors }): Html {
  const title = ctx.p(v.forced ? 'forced_change_title' : 'change_password_title');
  return html`<h1>${title}</h1>
${v.forced ? html`<p>${ctx.p('forced_change_intro')}</p>` : ''}
${errorSummary(ctx, v.errors, { currentPassword: ctx.p('current_password'), newPassword: ctx.p('new_password'), newPasswordConfirm: ctx.p('repeat_password') })}
<form method="post" action="${realmHref(ctx, '/account/password')}" novalidate>
${csrfField(ctx)}
<input type="text" name="username" value="${v.user.login}" autocomplete="username" hidden>
${field(v.errors, { name: 'currentPassword', label: ctx.p(v.forced ? 'temporary_password' : 'current_password'), type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024 })}
${newPasswordFields(ctx, v.policy, v.errors, v.user.login)}
<div class="actions">${submit(ctx.p('change_password_submit'))}</div>
</form>
${v.forced ? '' : html`<p><a href="${realmHref(ctx, '/account')}">${ctx.p('back')}</a></p>`}`;
}

/** The user's own language: the pages and the messages sent to them follow it. */
export function localeSection(ctx: PageContext, user: UserEntity, errors?: FormErrors): Html {
  const messages = errors?.fields?.locale ?? [];
  return html`<section class="box" aria-labelledby="locale-title">
<h2 id="locale-title">${ctx.p('own_locale_title')}</h2>
${errorSummary(ctx, errors, { locale: ctx.p('own_locale') })}
<form method="post" action="${realmHref(ctx, '/account/locale')}" novalidate>
${csrfField(ctx)}
<div class="field${messages.length ? ' invalid' : ''}"><label for="f-locale">${ctx.p('own_locale')}</label>
${messages.length ? html`<p class="field-error" id="f-locale-error">${messages.join(' ')}</p>` : ''}
<select id="f-locale" name="locale"${messages.length ? html` aria-invalid="true" aria-describedby="f-locale-error"` : ''}>
${ctx.locales.map((l) => html`<option value="${l}" lang="${l}"${(user.locale ?? ctx.locale) === l ? html` selected` : ''}>${ctx.p(`lang_${l}`)}</option>`)}
</select></div>
<div class="actions"><button type="submit" class="secondary">${ctx.p('save')}</button></div>
</form>
</section>`;
}

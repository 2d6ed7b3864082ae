import type { MfaStatus } from '../../mfa/mfa-factors.service';
import { html, Html, trusted } from '../html';
import { csrfField, errorSummary, field, FormErrors, notice, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';

export interface SecurityView {
  status: MfaStatus;
  enrollmentRequired: boolean;
  flash?: string;
  errors?: FormErrors;
  /** A TOTP enrolment in progress: the secret and its QR code (SVG made on the server). */
  pendingTotp?: { secret: string; qrSvg: string };
  /** Recovery codes just issued: shown this once. */
  recoveryCodes?: string[];
  /** The codes came with a factor just enrolled: offer "Continue" (on to where sign-in was going). */
  enrolled?: boolean;
}

/** "Continue" after an enrolment: the return target of the sign-in, else the account page (afterSignIn). */
function continueForm(ctx: PageContext, base: string, id: string): Html {
  return html`<form method="post" action="${base}/continue" id="${id}">
${csrfField(ctx)}
<p>${ctx.t('mfa.codes_continue_hint')}</p>
<div class="actions">${submit(ctx.t('mfa.codes_continue'))}</div>
</form>`;
}

function when(ctx: PageContext, iso: string): string {
  return new Date(iso).toLocaleDateString(ctx.locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'UTC', dateStyle: 'medium' });
}

/**
 * The account page's security section: the authenticator app (QR code), passkeys (added by the
 * page script through the REST API), recovery codes shown once with a download and, after an
 * enrolment, "Continue" on to where sign-in was going. The blocks with ids `security-required`,
 * `passkey-list` and `recovery-codes-state` are always present: after the first passkey the script
 * keeps the codes on screen and refreshes those three from this page as the server renders it now.
 */
export function securityView(ctx: PageContext, v: SecurityView): Html {
  const m = (key: string, params?: Record<string, string | number>) => ctx.t(`mfa.${key}`, params);
  const base = realmHref(ctx, '/account/security');
  const s = v.status;
  const codesFile = v.recoveryCodes ? `data:text/plain;charset=utf-8,${encodeURIComponent(v.recoveryCodes.join('\n') + '\n')}` : '';
  return html`<h1>${m('security_title')}</h1>
<div id="security-required">${v.enrollmentRequired ? html`<div class="alert info" role="status"><p>${m('required_notice')}</p></div>` : ''}</div>
${v.flash ? notice(v.flash) : ''}
${errorSummary(ctx, v.errors)}
${
  v.recoveryCodes?.length
    ? html`<section class="box" aria-labelledby="codes-new-title" id="recovery-codes">
<h2 id="codes-new-title">${m('codes_title')}</h2>
<div class="alert info" role="status"><p>${m('codes_shown_once')}</p></div>
<ol class="codes">${v.recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ol>
<p><a href="${codesFile}" download="recovery-codes.txt" class="button">${m('codes_download')}</a></p>
${v.enrolled ? continueForm(ctx, base, 'codes-continue') : ''}
</section>`
    : ''
}
<section class="box" aria-labelledby="totp-title" id="totp">
<h2 id="totp-title">${m('totp_title')}</h2>
<p>${s.totp.enabled ? m('totp_enabled', { date: when(ctx, s.totp.createdAt!) }) : m('totp_disabled')}</p>
${
  v.pendingTotp
    ? html`<p>${m('totp_scan')}</p>
<div class="qr">${trusted(v.pendingTotp.qrSvg)}</div>
<p>${m('totp_secret')}: <code id="totp-secret">${v.pendingTotp.secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
<form method="post" action="${base}/totp/confirm" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'code', id: 'totp-confirm-code', label: m('code_label'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, required: true, autofocus: true })}
<div class="actions">${submit(m('totp_confirm'))}</div>
</form>`
    : s.totp.enabled
      ? html`<form method="post" action="${base}/totp/remove" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'code', id: 'totp-remove-code', label: m('totp_remove_code'), autocomplete: 'one-time-code', maxlength: 32, required: true })}
<div class="actions"><button type="submit" class="secondary danger">${m('totp_remove')}</button></div>
</form>`
      : html`<form method="post" action="${base}/totp">${csrfField(ctx)}<div class="actions">${submit(m('totp_start'))}</div></form>`
}
</section>
<section class="box" aria-labelledby="passkeys-title" id="passkeys">
<h2 id="passkeys-title">${m('passkeys_title')}</h2>
<div id="passkey-list">${
  s.passkeys.length
    ? html`<ul class="passkeys">${s.passkeys.map(
        (p) => html`<li><strong>${p.name}</strong> <span class="muted">${when(ctx, p.createdAt)}${p.lastUsedAt ? html`, ${m('passkey_last_used', { date: when(ctx, p.lastUsedAt) })}` : ''}</span>
<form method="post" action="${base}/passkeys/${p.id}/remove" class="inline">${csrfField(ctx)}<button type="submit" class="link danger">${m('passkey_remove')}</button></form></li>`,
      )}</ul>`
    : html`<p class="muted">${m('passkeys_none')}</p>`
}</div>
<div data-passkey-add data-realm="${ctx.realm?.slug ?? ''}" data-done="${base}?done=passkey_added" data-failed="${m('passkey_failed')}" data-unavailable="${m('passkey_unavailable')}">
<div class="field"><label for="f-passkey-name">${m('passkey_name')}</label><input id="f-passkey-name" name="name" maxlength="100" autocomplete="off"></div>
<div class="actions"><button type="button" class="secondary" id="passkey-add-button">${m('passkey_add')}</button></div>
<p class="field-error" id="passkey-add-error" role="alert" hidden></p>
</div>
${
  // No factor yet: a passkey added now brings the recovery codes, which the page script lists here.
  s.totp.enabled || s.passkeys.length
    ? ''
    : html`<div id="passkey-recovery-codes" hidden>
<h3>${m('codes_title')}</h3>
<div class="alert info" role="status"><p>${m('codes_shown_once')}</p></div>
<ol class="codes" id="new-recovery-codes"></ol>
<p><a href="#" download="recovery-codes.txt" class="button" id="new-recovery-codes-file">${m('codes_download')}</a></p>
${continueForm(ctx, base, 'passkey-codes-continue')}
</div>`
}
</section>
<div id="recovery-codes-state">${
  s.totp.enabled || s.passkeys.length
    ? html`<section class="box" aria-labelledby="codes-title">
<h2 id="codes-title">${m('codes_title')}</h2>
<p>${m('codes_left', { left: s.recoveryCodesLeft })}</p>
${
  s.totp.enabled
    ? html`<form method="post" action="${base}/recovery-codes" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'code', id: 'codes-code', label: m('codes_regenerate_code'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, required: true })}
<div class="actions"><button type="submit" class="secondary">${m('codes_regenerate')}</button></div>
</form>`
    : ''
}
</section>`
    : ''
}</div>
<p><a href="${realmHref(ctx, '/account')}">${ctx.p('account_title')}</a></p>
<script src="/assets/mfa.js" defer></script>`;
}

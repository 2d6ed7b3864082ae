import { html, Html } from '../html';
import { csrfField, errorSummary, field, FormErrors, notice, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';

export interface SecondStepView {
  mfaToken: string;
  methods: string[];
  errors?: FormErrors;
  lostDone?: boolean;
}

/**
 * The sign-in page's second step: a TOTP code, a passkey (needs the page script), a recovery
 * code, and "I lost my second factor". The mfaToken rides in hidden fields; no session exists yet.
 */
export function secondStepView(ctx: PageContext, v: SecondStepView): Html {
  const m = (key: string, params?: Record<string, string | number>) => ctx.t(`mfa.${key}`, params);
  const token = html`<input type="hidden" name="mfaToken" value="${v.mfaToken}">`;
  const action = realmHref(ctx, '/sign-in/mfa');
  if (v.lostDone) return html`<h1>${m('step_title')}</h1>${notice(m('lost_done'), 'info')}<p><a href="${realmHref(ctx, '/sign-in')}">${ctx.p('sign_in_title')}</a></p>`;
  return html`<h1>${m('step_title')}</h1>
<p class="lead">${m('step_intro')}</p>
${errorSummary(ctx, v.errors)}
${
  v.methods.includes('totp')
    ? html`<form method="post" action="${action}" novalidate id="mfa-totp">
${csrfField(ctx)}${token}<input type="hidden" name="method" value="totp">
${field(v.errors, { name: 'code', id: 'totp-code', label: m('code_label'), autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, required: true, autofocus: true })}
<div class="actions">${submit(m('code_submit'))}</div>
</form>`
    : ''
}
${
  v.methods.includes('passkey')
    ? html`<div class="passkey-step" data-mfa-passkey data-realm="${ctx.realm?.slug ?? ''}" data-mfa-token="${v.mfaToken}" data-next="${realmHref(ctx, '/sign-in')}" data-failed="${m('passkey_failed')}" data-unavailable="${m('passkey_unavailable')}">
<button type="button" class="primary" id="mfa-passkey-button">${m('use_passkey')}</button>
<p class="field-error" id="mfa-passkey-error" role="alert" hidden></p>
</div>`
    : ''
}
${
  v.methods.includes('recovery_code')
    ? html`<details class="explain"${v.errors?.fields?.['recovery-code'] ? html` open` : ''}>
<summary>${m('recovery_label')}</summary>
<form method="post" action="${action}" novalidate id="mfa-recovery">
${csrfField(ctx)}${token}<input type="hidden" name="method" value="recovery_code">
${field(v.errors, { name: 'code', id: 'recovery-code', label: m('recovery_label'), autocomplete: 'off', maxlength: 32, required: true })}
<div class="actions">${submit(m('recovery_submit'))}</div>
</form>
</details>`
    : ''
}
<details class="explain">
<summary>${m('lost_link')}</summary>
<form method="post" action="${realmHref(ctx, '/sign-in/mfa/lost')}" id="mfa-lost">
${csrfField(ctx)}${token}
<div class="actions"><button type="submit">${m('lost_submit')}</button></div>
</form>
</details>
<script src="/assets/mfa.js" defer></script>`;
}

/** "Sign in with a passkey" on the sign-in page (passwordless; needs the page script). */
export function passkeySignIn(ctx: PageContext): Html {
  const m = (key: string) => ctx.t(`mfa.${key}`);
  return html`<div class="passkey-sign-in" data-passkey-sign-in data-realm="${ctx.realm?.slug ?? ''}" data-next="${realmHref(ctx, '/sign-in')}" data-failed="${m('passkey_failed')}" data-unavailable="${m('passkey_unavailable')}" hidden>
<div class="actions"><button type="button" class="secondary" id="passkey-sign-in-button">${m('passkey_sign_in')}</button></div>
<p class="field-error" id="passkey-sign-in-error" role="alert" hidden></p>
</div>
<script src="/assets/mfa.js" defer></script>`;
}

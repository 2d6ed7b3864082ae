import { html, Html } from '../html';
import { csrfField, errorSummary, field, FormErrors, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';
import { passkeySignIn } from './mfa-step.view';

export interface SignInView {
  login?: string;
  errors?: FormErrors;
  severalRealms: boolean;
}

/** Manual 001's sign-in page, with manual 002's "not registered?" and "choose your region". */
export function signInView(ctx: PageContext, v: SignInView): Html {
  return html`<h1>${ctx.p('sign_in_title')}</h1>
<p class="lead">${ctx.p('sign_in_closed')}</p>
${ctx.query.expired ? html`<div class="alert info" role="status"><p>${ctx.t('mfa.expired')}</p></div>` : ''}
${errorSummary(ctx, v.errors)}
<form method="post" action="${realmHref(ctx, '/sign-in')}" novalidate>
${csrfField(ctx)}
${field(v.errors, { name: 'login', label: ctx.p('login'), value: v.login, autocomplete: 'username', required: true, maxlength: 100, autofocus: !v.login })}
${field(v.errors, { name: 'password', label: ctx.p('password'), type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024, autofocus: !!v.login })}
<div class="actions">${submit(ctx.p('sign_in_submit'))}</div>
</form>
${passkeySignIn(ctx)}
<p><a href="${realmHref(ctx, '/recovery')}">${ctx.p('forgot_password')}</a></p>
<details class="explain">
<summary>${ctx.p('not_registered')}</summary>
<p>${ctx.p('not_registered_text')}</p>
</details>
${v.severalRealms ? html`<p><a href="/realms?from=${ctx.realm?.slug ?? ''}">${ctx.p('choose_realm')}</a></p>` : ''}`;
}

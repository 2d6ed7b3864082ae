import { html, Html } from '../../web/html';
import { csrfField, submit } from '../../web/layout';
import type { PageContext } from '../../web/web-context';

export interface ConsentView {
  action: string;
  clientName: string;
  scopes: string[];
}

/** Consent for an application that is not first-party: who asks, and what each scope gives. */
export function consentView(ctx: PageContext, v: ConsentView): Html {
  return html`<h1>${ctx.t('sso.consent_title')}</h1>
<p class="lead">${ctx.t('sso.consent_lead', { client: v.clientName, realm: ctx.realm?.entity.name ?? '' })}</p>
<ul class="scopes">
${v.scopes.map((s) => html`<li>${ctx.t(`sso.scope_${s}`)}</li>`)}
</ul>
${ctx.auth ? html`<p>${ctx.t('sso.consent_signed_in_as', { login: ctx.auth.user.login })}</p>` : ''}
<form method="post" action="${v.action}">
${csrfField(ctx)}
<div class="actions">${submit(ctx.t('sso.consent_allow'), html` name="decision" value="allow"`)}
<button type="submit" name="decision" value="deny">${ctx.t('sso.consent_deny')}</button></div>
</form>`;
}

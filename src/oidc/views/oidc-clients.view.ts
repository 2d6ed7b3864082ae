import { html, Html } from '../../web/html';
import { csrfField, errorSummary, field, FormErrors, notice, realmHref, submit } from '../../web/layout';
import type { PageContext } from '../../web/web-context';
import type { OidcClientEntity } from '../entities/oidc-client.entity';

export interface OidcClientsView {
  issuer: string;
  clients: OidcClientEntity[];
  /** Just registered: its id and the secret, shown this once. */
  created?: { clientId: string; clientSecret: string | null };
  deleted?: boolean;
  values?: { name?: string; redirectUris?: string; postLogoutRedirectUris?: string; public?: boolean; firstParty?: boolean };
  errors?: FormErrors;
  /** Stamp of the client list the form was shown with (a resent form registers nothing). */
  stamp: string;
}

function checkbox(name: string, label: string, checked: boolean | undefined): Html {
  return html`<div class="checkbox"><input type="checkbox" id="f-${name}" name="${name}" value="on"${checked ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
}

/** The admin console's applications: registered clients, the secret once, a form to add one. */
export function oidcClientsView(ctx: PageContext, v: OidcClientsView): Html {
  const x = v.values ?? {};
  const fieldErrors = (name: string) => v.errors?.fields?.[name] ?? Object.entries(v.errors?.fields ?? {}).filter(([k]) => k.startsWith(`${name}.`)).flatMap(([, m]) => m);
  const area = (name: string, label: string, value: string | undefined, required: boolean) => {
    const messages = fieldErrors(name);
    return html`<div class="field${messages.length ? ' invalid' : ''}">
<label for="f-${name}">${label}</label>
${messages.length ? html`<p class="field-error" id="f-${name}-error">${messages.join(' ')}</p>` : ''}
<textarea id="f-${name}" name="${name}" rows="3"${required ? html` required` : ''}${messages.length ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${value ?? ''}</textarea>
</div>`;
  };
  return html`<h2>${ctx.t('sso.clients_title')}</h2>
<p>${ctx.t('sso.clients_lead', { issuer: v.issuer })}</p>
${v.created ? html`<div class="alert success" role="status"><p>${ctx.t('sso.client_created')}</p>
<dl><dt>${ctx.t('sso.client_id')}</dt><dd><code>${v.created.clientId}</code></dd>
${v.created.clientSecret ? html`<dt>${ctx.t('sso.client_secret')}</dt><dd><code>${v.created.clientSecret}</code></dd>` : ''}</dl></div>` : ''}
${v.deleted ? notice(ctx.t('sso.client_deleted')) : ''}
${v.clients.length
  ? html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${ctx.t('sso.client_name')}</th><th scope="col">${ctx.t('sso.client_id')}</th><th scope="col">${ctx.t('sso.client_redirect_uris')}</th><th scope="col"></th></tr></thead>
<tbody>
${v.clients.map((c) => html`<tr>
<td data-label="${ctx.t('sso.client_name')}">${c.name}<br><small>${c.public ? ctx.t('sso.client_kind_public') : ctx.t('sso.client_kind_confidential')}${c.firstParty ? html`, ${ctx.t('sso.client_first_party_yes')}` : ''}</small></td>
<td data-label="${ctx.t('sso.client_id')}"><code>${c.clientId}</code></td>
<td data-label="${ctx.t('sso.client_redirect_uris')}">${c.redirectUris.map((u) => html`<div>${u}</div>`)}</td>
<td><form method="post" action="${realmHref(ctx, `/admin/oidc-clients/${encodeURIComponent(c.clientId)}/delete`)}" class="inline">${csrfField(ctx)}<button type="submit" aria-label="${ctx.t('sso.client_delete')}: ${c.name}">${ctx.t('sso.client_delete')}</button></form></td>
</tr>`)}
</tbody></table></div>`
  : html`<p>${ctx.t('sso.clients_none')}</p>`}
<h3>${ctx.t('sso.client_create')}</h3>
${errorSummary(ctx, v.errors)}
<form method="post" action="${realmHref(ctx, '/admin/oidc-clients')}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="stamp" value="${v.stamp}">
${field(v.errors, { name: 'name', label: ctx.t('sso.client_name'), value: x.name, required: true, maxlength: 200 })}
${area('redirectUris', ctx.t('sso.client_redirect_uris'), x.redirectUris, true)}
${area('postLogoutRedirectUris', ctx.t('sso.client_post_logout_uris'), x.postLogoutRedirectUris, false)}
${checkbox('public', ctx.t('sso.client_public'), x.public)}
${checkbox('firstParty', ctx.t('sso.client_first_party'), x.firstParty)}
<div class="actions">${submit(ctx.t('sso.client_create'))}</div>
</form>`;
}

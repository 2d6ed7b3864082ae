import type { AccessRequestView } from '../../access-requests/access-requests.service';
import type { AuditEventEntity } from '../../audit/entities/audit-event.entity';
import type { OrganizationEntity } from '../../realms/entities/organization.entity';
import type { UserEntity } from '../../users/entities/user.entity';
import { html, Html } from '../html';
import { csrfField, errorSummary, field, FormErrors, notice, realmHref, submit } from '../layout';
import type { PageContext } from '../web-context';

export type AdminTab = 'users' | 'access-requests' | 'audit' | 'settings' | 'oidc-clients';

export function adminFrame(ctx: PageContext, tab: AdminTab, body: Html): Html {
  const tabs: Array<[AdminTab, string]> = [
    ['users', ctx.p('admin_users')],
    ['access-requests', ctx.p('admin_access_requests')],
    ['audit', ctx.p('admin_audit')],
    ['settings', ctx.p('admin_settings')],
    ...(ctx.auth?.user.roles.includes('realm_admin') ? ([['oidc-clients', ctx.t('sso.clients_tab')]] as Array<[AdminTab, string]>) : []),
  ];
  return html`<h1>${ctx.p('admin_title')}</h1>
<nav aria-label="${ctx.p('admin_title')}"><ul class="tabs">
${tabs.map(([id, label]) => html`<li><a href="${realmHref(ctx, `/admin/${id}`)}"${id === tab ? html` aria-current="page"` : ''}>${label}</a></li>`)}
</ul></nav>
${body}`;
}

function status(ctx: PageContext, u: UserEntity, now: Date): string {
  if (u.disabled) return ctx.p('status_disabled');
  if (u.lockedUntil && u.lockedUntil > now) return ctx.p('status_locked');
  return ctx.p('status_active');
}

function roleNames(ctx: PageContext, u: UserEntity): string {
  return u.roles.map((r) => ctx.p(`role_${r}`)).join(', ');
}

export function usersListView(ctx: PageContext, v: { q: string; page: number; pageSize: number; items: UserEntity[]; total: number; now: Date; flash?: string }): Html {
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const href = (page: number) => realmHref(ctx, `/admin/users?${new URLSearchParams({ q: v.q, page: String(page) }).toString()}`);
  return html`${v.flash ? notice(v.flash) : ''}
<form method="get" action="${realmHref(ctx, '/admin/users')}" class="search" role="search">
${field(undefined, { name: 'q', label: ctx.p('search_label'), type: 'search', value: v.q, maxlength: 100 })}
<button type="submit" class="secondary">${ctx.p('find')}</button>
</form>
<p><a class="button" href="${realmHref(ctx, '/admin/users/new')}">${ctx.p('create_user')}</a></p>
<p role="status">${ctx.p('users_total', { total: v.total })}</p>
${v.items.length
  ? html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${ctx.p('col_login')}</th><th scope="col">${ctx.p('col_email')}</th><th scope="col">${ctx.p('col_phone')}</th><th scope="col">${ctx.p('col_roles')}</th><th scope="col">${ctx.p('col_status')}</th></tr></thead>
<tbody>
${v.items.map((u) => html`<tr><td data-label="${ctx.p('col_login')}"><a href="${realmHref(ctx, `/admin/users/${u.id}`)}">${u.login}</a></td><td data-label="${ctx.p('col_email')}">${u.email ?? ''}</td><td data-label="${ctx.p('col_phone')}">${u.phone ?? ''}</td><td data-label="${ctx.p('col_roles')}">${roleNames(ctx, u)}</td><td data-label="${ctx.p('col_status')}">${status(ctx, u, v.now)}</td></tr>`)}
</tbody></table></div>`
  : html`<p>${ctx.p('no_results')}</p>`}
${pages > 1
  ? html`<nav aria-label="${ctx.p('page_n', { page: v.page })}" class="actions">
${v.page > 1 ? html`<a href="${href(v.page - 1)}">${ctx.p('prev_page')}</a>` : ''}
<span>${ctx.p('page_n', { page: v.page })} / ${pages}</span>
${v.page < pages ? html`<a href="${href(v.page + 1)}">${ctx.p('next_page')}</a>` : ''}
</nav>`
  : ''}`;
}

export interface UserFormValues {
  login?: string;
  email?: string;
  emailVerified?: boolean;
  phone?: string;
  phoneVerified?: boolean;
  birthDate?: string;
  locale?: string;
  organizationId?: string;
  roles?: string[];
  permissions?: string;
  canChangeOwnPassword?: boolean;
  disabled?: boolean;
  mustChangePassword?: boolean;
}

export function valuesOf(u: UserEntity): UserFormValues {
  return {
    login: u.login,
    email: u.email ?? '',
    emailVerified: u.emailVerified,
    phone: u.phone ?? '',
    phoneVerified: u.phoneVerified,
    birthDate: u.birthDate ?? '',
    locale: u.locale ?? '',
    organizationId: u.organizationId ?? '',
    roles: u.roles,
    permissions: u.permissions.join(' '),
    canChangeOwnPassword: u.canChangeOwnPassword,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
  };
}

function checkbox(name: string, label: string, checked: boolean | undefined, value = 'on'): Html {
  const id = `f-${name}${value === 'on' ? '' : `-${value}`}`;
  return html`<div class="checkbox"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
}

/** The user fields form, for create (with login and password) and edit. */
export function userForm(ctx: PageContext, v: { action: string; values: UserFormValues; errors?: FormErrors; create: boolean; organizations: OrganizationEntity[]; canGrantRealmAdmin: boolean }): Html {
  const x = v.values;
  const roles = ['user', 'org_admin', ...(v.canGrantRealmAdmin ? ['realm_admin'] : [])];
  return html`${errorSummary(ctx, v.errors, { login: ctx.p('login'), password: ctx.p('initial_password'), email: ctx.p('email'), phone: ctx.p('phone'), birthDate: ctx.p('birth_date_field'), permissions: ctx.p('permissions'), roles: ctx.p('roles'), organizationId: ctx.p('organization') })}
<form method="post" action="${v.action}" novalidate>
${csrfField(ctx)}
${v.create ? field(v.errors, { name: 'login', label: ctx.p('login'), value: x.login, required: true, maxlength: 100, autocomplete: 'off' }) : ''}
${v.create ? field(v.errors, { name: 'password', label: ctx.p('initial_password'), type: 'password', autocomplete: 'new-password', maxlength: 1024 }) : ''}
${field(v.errors, { name: 'email', label: ctx.p('email'), type: 'email', value: x.email, maxlength: 254, autocomplete: 'off' })}
${checkbox('emailVerified', ctx.p('email_verified'), x.emailVerified)}
${field(v.errors, { name: 'phone', label: ctx.p('phone'), type: 'tel', value: x.phone, maxlength: 20, hint: ctx.p('phone_hint'), autocomplete: 'off' })}
${checkbox('phoneVerified', ctx.p('phone_verified'), x.phoneVerified)}
${field(v.errors, { name: 'birthDate', label: ctx.p('birth_date_field'), value: x.birthDate, maxlength: 10, autocomplete: 'off' })}
<div class="field"><label for="f-locale">${ctx.p('locale')}</label><select id="f-locale" name="locale">
<option value="">—</option>${ctx.locales.map((l) => html`<option value="${l}"${x.locale === l ? html` selected` : ''}>${ctx.p(`lang_${l}`)}</option>`)}
</select></div>
<div class="field"><label for="f-organizationId">${ctx.p('organization')}</label><select id="f-organizationId" name="organizationId">
${v.canGrantRealmAdmin ? html`<option value="">${ctx.p('no_organization')}</option>` : ''}${v.organizations.map((o) => html`<option value="${o.id}"${x.organizationId === o.id ? html` selected` : ''}>${o.name}</option>`)}
</select></div>
<fieldset><legend>${ctx.p('roles')}</legend>
${roles.map((r) => checkbox('roles', ctx.p(`role_${r}`), x.roles?.includes(r), r))}
</fieldset>
${field(v.errors, { name: 'permissions', label: ctx.p('permissions'), value: x.permissions, maxlength: 2000, autocomplete: 'off' })}
${checkbox('canChangeOwnPassword', ctx.p('can_change_own_password'), x.canChangeOwnPassword)}
${checkbox('mustChangePassword', ctx.p('must_change_password'), x.mustChangePassword)}
${checkbox('disabled', ctx.p('disabled'), x.disabled)}
<div class="actions">${submit(ctx.p(v.create ? 'create_user' : 'save'))}</div>
</form>`;
}

/**
 * `issueStamp`: a keyed stamp of the user's current password state carried by the
 * temporary-password form, so a reload of its answer (the same POST again) issues nothing.
 */
export function userActions(ctx: PageContext, u: UserEntity, now: Date, issueStamp: string, result?: Html): Html {
  const base = realmHref(ctx, `/admin/users/${u.id}`);
  return html`<section class="box" aria-labelledby="restore-title">
<h2 id="restore-title">${ctx.p('restore_access')}</h2>
<p>${ctx.p('col_status')}: <strong>${status(ctx, u, now)}</strong></p>
<p>${ctx.t(u.mfaEnabled ? 'mfa.admin_mfa_enabled' : 'mfa.admin_mfa_disabled')}</p>
${result ?? ''}
<div class="actions">
<form method="post" action="${base}/reset-access" class="inline">${csrfField(ctx)}<input type="hidden" name="method" value="link"><button type="submit" class="secondary">${ctx.p('send_reset_link')}</button></form>
<form method="post" action="${base}/reset-access" class="inline">${csrfField(ctx)}<input type="hidden" name="method" value="temporary-password"><input type="hidden" name="stamp" value="${issueStamp}"><button type="submit" class="secondary">${ctx.p('issue_temporary_password')}</button></form>
<form method="post" action="${base}/unlock" class="inline">${csrfField(ctx)}<button type="submit" class="secondary">${ctx.p('unlock')}</button></form>
<form method="post" action="${base}/mfa-reset" class="inline">${csrfField(ctx)}<button type="submit" class="secondary danger"${u.mfaEnabled ? '' : html` disabled`}>${ctx.t('mfa.admin_reset')}</button></form>
<form method="post" action="${base}/end-sessions" class="inline">${csrfField(ctx)}<button type="submit" class="secondary danger">${ctx.p('end_sessions')}</button></form>
<form method="post" action="${base}/disable" class="inline">${csrfField(ctx)}<input type="hidden" name="disabled" value="${u.disabled ? 'off' : 'on'}"><button type="submit" class="secondary${u.disabled ? '' : ' danger'}">${ctx.p(u.disabled ? 'enable_user' : 'disable_user')}</button></form>
</div>
</section>`;
}

function when(ctx: PageContext, d: Date | null): string {
  return d ? d.toLocaleString(ctx.locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'short' }) + ' UTC' : '';
}

export function formatWhen(ctx: PageContext, d: Date): string {
  return when(ctx, d);
}

export function accessRequestsView(ctx: PageContext, v: { status: 'open' | 'resolved'; items: AccessRequestView[]; flash?: string }): Html {
  return html`${v.flash ? notice(v.flash) : ''}
<ul class="tabs">
<li><a href="${realmHref(ctx, '/admin/access-requests?status=open')}"${v.status === 'open' ? html` aria-current="page"` : ''}>${ctx.p('open_requests')}</a></li>
<li><a href="${realmHref(ctx, '/admin/access-requests?status=resolved')}"${v.status === 'resolved' ? html` aria-current="page"` : ''}>${ctx.p('resolved_requests')}</a></li>
</ul>
${v.items.length
  ? html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${ctx.p('col_login')}</th><th scope="col">${ctx.p('col_reason')}</th><th scope="col">${ctx.p('col_created')}</th>${v.status === 'resolved' ? html`<th scope="col">${ctx.p('col_resolved')}</th>` : ''}<th scope="col">${ctx.p(v.status === 'open' ? 'resolve' : 'col_note')}</th></tr></thead>
<tbody>
${v.items.map(
  (r) => html`<tr><td data-label="${ctx.p('col_login')}"><a href="${realmHref(ctx, `/admin/users/${r.userId}`)}">${r.login}</a></td><td data-label="${ctx.p('col_reason')}">${ctx.p(`reason_${r.reason}`)}</td><td data-label="${ctx.p('col_created')}">${when(ctx, new Date(r.createdAt))}</td>${v.status === 'resolved' ? html`<td data-label="${ctx.p('col_resolved')}">${when(ctx, r.resolvedAt ? new Date(r.resolvedAt) : null)}</td>` : ''}<td data-label="${ctx.p(v.status === 'open' ? 'resolve' : 'col_note')}">${
    v.status === 'open'
      ? html`<form method="post" action="${realmHref(ctx, `/admin/access-requests/${r.id}/resolve`)}">${csrfField(ctx)}<label for="note-${r.id}" class="visually-hidden">${ctx.p('note')}</label><input id="note-${r.id}" name="note" maxlength="2000" placeholder="${ctx.p('note')}"> <button type="submit" class="secondary">${ctx.p('resolve')}</button></form>`
      : (r.note ?? '')
  }</td></tr>`,
)}
</tbody></table></div>`
  : html`<p>${ctx.p('no_results')}</p>`}`;
}

export function auditView(ctx: PageContext, v: { items: AuditEventEntity[]; type: string; types: readonly string[]; userId?: string; page: number; total: number; pageSize: number; logins: Map<string, string> }): Html {
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const href = (page: number) => realmHref(ctx, `/admin/audit?${new URLSearchParams({ ...(v.userId ? { userId: v.userId } : {}), type: v.type, page: String(page) }).toString()}`);
  return html`<form method="get" action="${realmHref(ctx, '/admin/audit')}" class="search">
${v.userId ? html`<input type="hidden" name="userId" value="${v.userId}">` : ''}
<div class="field"><label for="f-type">${ctx.p('filter_type')}</label><select id="f-type" name="type"><option value="">${ctx.p('any')}</option>${v.types.map((x) => html`<option value="${x}"${x === v.type ? html` selected` : ''}>${x}</option>`)}</select></div>
<button type="submit" class="secondary">${ctx.p('filter')}</button>
</form>
${v.items.length
  ? html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${ctx.p('col_time')}</th><th scope="col">${ctx.p('col_type')}</th><th scope="col">${ctx.p('col_user')}</th><th scope="col">${ctx.p('col_ip')}</th></tr></thead>
<tbody>
${v.items.map((e) => html`<tr><td data-label="${ctx.p('col_time')}">${when(ctx, e.at)}</td><td data-label="${ctx.p('col_type')}">${e.type}</td><td data-label="${ctx.p('col_user')}">${e.userId ? html`<a href="${realmHref(ctx, `/admin/users/${e.userId}`)}">${v.logins.get(e.userId) ?? e.userId}</a>` : ''}</td><td data-label="${ctx.p('col_ip')}">${e.ip ?? ''}</td></tr>`)}
</tbody></table></div>`
  : html`<p>${ctx.p('no_results')}</p>`}
${pages > 1 ? html`<nav class="actions" aria-label="${ctx.p('page_n', { page: v.page })}">${v.page > 1 ? html`<a href="${href(v.page - 1)}">${ctx.p('prev_page')}</a>` : ''}<span>${ctx.p('page_n', { page: v.page })} / ${pages}</span>${v.page < pages ? html`<a href="${href(v.page + 1)}">${ctx.p('next_page')}</a>` : ''}</nav>` : ''}`;
}


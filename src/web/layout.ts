import { attr, html, Html, Renderable } from './html';
import { CSRF_FIELD, PageContext } from './web-context';
import { brandMark, realmDisplayName, themeLink } from '../security-centre/brand-header';

export interface PageOptions {
  title: string;
  body: Renderable;
  /** Narrow single-column card (sign-in, recovery); wide for the account and admin pages. */
  wide?: boolean;
}

/** Query string of the current page with `lang` replaced, for the switcher links. */
function langHref(ctx: PageContext, locale: string): string {
  const params = new URLSearchParams({ ...ctx.query, lang: locale });
  return `${ctx.path}?${params.toString()}`;
}

export function realmHref(ctx: PageContext, path = ''): string {
  return `/realms/${encodeURIComponent(ctx.realm?.slug ?? '')}${path}`;
}

/** The whole document: header with realm name, language switcher and session, main, footer. */
export function layout(ctx: PageContext, options: PageOptions): Html {
  const realmName = realmDisplayName(ctx.realm);
  const support = ctx.realm?.settings.supportContact;
  const user = ctx.auth?.user;
  const isAdmin = !!user && (user.roles.includes('realm_admin') || user.roles.includes('org_admin'));
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}${realmName ? ` — ${realmName}` : ''}</title>
<link rel="stylesheet" href="/assets/web.css">
${themeLink(ctx.realm)}
<script src="/assets/web.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${ctx.p('skip_to_content')}</a>
<header class="top">
  <div class="top-inner">
    ${brandMark(ctx.realm)}
    ${
      user && ctx.realm
        ? html`<nav class="user-nav" aria-label="${ctx.p('nav_account')}">
      <a href="${realmHref(ctx, '/account')}">${ctx.p('nav_account')}</a>
      ${isAdmin && !user.mustChangePassword ? html`<a href="${realmHref(ctx, '/admin')}">${ctx.p('nav_admin')}</a>` : ''}
      <form method="post" action="${realmHref(ctx, '/sign-out')}" class="inline">${csrfField(ctx)}<button type="submit" class="link">${ctx.p('sign_out')}</button></form>
    </nav>`
        : ''
    }
    <nav class="lang" aria-label="${ctx.p('language')}">
      ${ctx.locales.map((l) => html`<a href="${langHref(ctx, l)}" lang="${l}" hreflang="${l}"${attr('aria-current', l === ctx.locale ? 'true' : null)}>${ctx.p(`lang_${l}`)}</a>`)}
    </nav>
  </div>
</header>
<main id="main" class="${options.wide ? 'wide' : 'card'}" tabindex="-1">
${options.body}
</main>
${support ? html`<footer class="foot"><p>${ctx.p('support', { contact: support })}</p></footer>` : ''}
</body>
</html>
`;
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
}

/** Errors of a form: a summary announced with role=alert, plus per-field messages. */
export interface FormErrors {
  /** Messages not tied to one field (shown in the summary). */
  general?: string[];
  /** field name → messages, shown under the field and tied to it with aria-describedby. */
  fields?: Record<string, string[]>;
}

export function hasErrors(errors: FormErrors | undefined): boolean {
  return !!errors && ((errors.general?.length ?? 0) > 0 || Object.values(errors.fields ?? {}).some((m) => m.length > 0));
}

/** The alert at the top of a form; field errors are listed as links to their fields. */
export function errorSummary(ctx: PageContext, errors: FormErrors | undefined, labels: Record<string, string> = {}): Html {
  if (!hasErrors(errors)) return html``;
  const general = errors?.general ?? [];
  const fieldItems = Object.entries(errors?.fields ?? {}).filter(([, m]) => m.length);
  const single = general.length === 1 && fieldItems.length === 0;
  return html`<div class="alert error" role="alert" id="form-errors" tabindex="-1">
${single ? html`<p>${general[0]}</p>` : html`<p class="alert-title">${ctx.p('errors_heading')}</p><ul>
${general.map((m) => html`<li>${m}</li>`)}
${fieldItems.map(([name, messages]) => html`<li><a href="#f-${name}">${labels[name] ? `${labels[name]}: ` : ''}${messages.join(' ')}</a></li>`)}
</ul>`}
</div>`;
}

export function notice(text: Renderable, kind: 'info' | 'success' = 'success'): Html {
  return html`<div class="alert ${kind}" role="status"><p>${text}</p></div>`;
}

export interface FieldOptions {
  name: string;
  /** Element id suffix and error key when several forms on a page share a field name. */
  id?: string;
  label: string;
  type?: string;
  value?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: string;
  maxlength?: number;
  pattern?: string;
  autofocus?: boolean;
  /** Ids of other elements describing the input (e.g. a rules list). */
  describedBy?: string;
  /** Extra attributes for the input (trusted markup from this code base). */
  extra?: Html;
}

/** A labelled input; its hint and errors are tied to it with aria-describedby. */
export function field(errors: FormErrors | undefined, o: FieldOptions): Html {
  const key = o.id ?? o.name;
  const id = `f-${key}`;
  const messages = errors?.fields?.[key] ?? [];
  const describedBy = [o.describedBy ?? '', o.hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${messages.length ? ' invalid' : ''}">
<label for="${id}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${messages.length ? html`<p class="field-error" id="${id}-error">${messages.join(' ')}</p>` : ''}
<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${attr('value', o.type === 'password' ? undefined : o.value)}${attr('autocomplete', o.autocomplete)}${attr('required', o.required)}${attr('inputmode', o.inputmode)}${attr('maxlength', o.maxlength)}${attr('pattern', o.pattern)}${attr('autofocus', o.autofocus)}${attr('aria-invalid', messages.length ? 'true' : null)}${attr('aria-describedby', describedBy || null)}${o.extra ?? ''}>
</div>`;
}

export function submit(label: string, extra: Html = html``): Html {
  return html`<button type="submit" class="primary"${extra}>${label}</button>`;
}

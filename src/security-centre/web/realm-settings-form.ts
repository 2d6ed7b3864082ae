import type { RealmSettings } from '../../realms/realm-settings';
import { PRESET_NAMES } from '../../realms/realm-settings';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import { attr, html, Html } from '../../web/html';
import { csrfField, errorSummary, FormErrors, notice, realmHref, submit } from '../../web/layout';
import type { PageContext } from '../../web/web-context';
import { brandMark } from '../brand-header';
import type { settings as settingsTexts } from '../../i18n/ru/settings';

type Kind = { type: 'select'; options: readonly string[] } | { type: 'int'; min: number; max?: number } | { type: 'bool' } | { type: 'text'; maxlength: number } | { type: 'color' } | { type: 'list' };
/** A text of the form: a key of the `settings` catalogue (`src/i18n/{ru,en}/settings.ts`). */
type SettingsText = keyof typeof settingsTexts;

/** One realm setting on the admin form: its dotted path in the settings, how it is edited, its label. */
export interface SettingField {
  path: string;
  kind: Kind;
  label: SettingsText;
  hint?: SettingsText;
  /** Values for the hint's `{placeholders}`. */
  hintParams?: Record<string, string>;
}

export interface SettingGroup {
  title: SettingsText;
  fields: SettingField[];
}

const int = (min = 1, max?: number): Kind => ({ type: 'int', min, max });
const bool: Kind = { type: 'bool' };

/**
 * Every setting the form edits, grouped. Adding a setting is one entry here plus its texts in
 * both catalogues, e.g. for a select:
 * `{ path: 'mfa.required', kind: { type: 'select', options: ['off', 'staff', 'all'] }, label: 'mfa_required' }`
 * with `mfa_required` in `src/i18n/ru/settings.ts` and `src/i18n/en/settings.ts`.
 * The form posts each field under its dotted path; `settingsPatchFromForm` rebuilds the PATCH body,
 * which goes through the same validation as `PATCH /admin/realm`.
 */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'group_look',
    fields: [
      { path: 'displayName', kind: { type: 'text', maxlength: 100 }, label: 'display_name', hint: 'display_name_hint' },
      { path: 'branding.primaryColor', kind: { type: 'color' }, label: 'primary_color', hint: 'primary_color_hint' },
      { path: 'supportContact', kind: { type: 'text', maxlength: 500 }, label: 'support_contact' },
    ],
  },
  {
    title: 'group_preset_and_languages',
    fields: [
      { path: 'preset', kind: { type: 'select', options: PRESET_NAMES }, label: 'preset', hint: 'preset_hint' },
      { path: 'locales', kind: { type: 'list' }, label: 'locales', hint: 'locales_hint', hintParams: { supported: SUPPORTED_LOCALES.join(', ') } },
      { path: 'defaultLocale', kind: { type: 'select', options: SUPPORTED_LOCALES }, label: 'default_locale' },
    ],
  },
  {
    title: 'group_sign_in',
    fields: [
      { path: 'sessionTtlSeconds', kind: int(), label: 'session_ttl' },
      { path: 'signInAlerts', kind: bool, label: 'sign_in_alerts' },
      { path: 'mfa.required', kind: { type: 'select', options: ['off', 'staff', 'all'] }, label: 'mfa_required', hint: 'mfa_required_hint' },
      { path: 'lockout.maxFailures', kind: int(), label: 'lockout_max_failures' },
      { path: 'lockout.durationSeconds', kind: int(), label: 'lockout_duration' },
    ],
  },
  {
    title: 'group_recovery',
    fields: [
      { path: 'disclosure', kind: { type: 'select', options: ['explicit', 'uniform'] }, label: 'disclosure' },
      { path: 'forgotPasswordRequires', kind: { type: 'select', options: ['login+email', 'login+captcha'] }, label: 'forgot_password_requires' },
      { path: 'captcha', kind: bool, label: 'captcha' },
      { path: 'smsFallback', kind: bool, label: 'sms_fallback' },
      { path: 'hiddenPhoneDigits', kind: int(1, 15), label: 'hidden_phone_digits' },
      { path: 'resetLinkTtlSeconds', kind: int(), label: 'reset_link_ttl' },
      { path: 'smsCodeTtlSeconds', kind: int(), label: 'sms_code_ttl' },
      { path: 'smsCodeMaxAttempts', kind: int(), label: 'sms_code_max_attempts' },
      { path: 'phoneDigitsMaxAttempts', kind: int(), label: 'phone_digits_max_attempts' },
      { path: 'recoveryCooldownSeconds', kind: int(0), label: 'recovery_cooldown' },
    ],
  },
  {
    title: 'group_password_policy',
    fields: [
      { path: 'passwordPolicy.minLength', kind: int(1, 1024), label: 'password_min_length' },
      { path: 'passwordPolicy.maxLength', kind: int(1, 1024), label: 'password_max_length' },
      { path: 'passwordPolicy.charset', kind: { type: 'select', options: ['any', 'latin-alphanumeric'] }, label: 'password_charset' },
      { path: 'passwordPolicy.requireLetter', kind: bool, label: 'password_require_letter' },
      { path: 'passwordPolicy.requireDigit', kind: bool, label: 'password_require_digit' },
      { path: 'passwordPolicy.requireLowercase', kind: bool, label: 'password_require_lowercase' },
      { path: 'passwordPolicy.requireUppercase', kind: bool, label: 'password_require_uppercase' },
      { path: 'passwordPolicy.historySize', kind: int(), label: 'password_history_size' },
      { path: 'passwordPolicy.rejectCommon', kind: bool, label: 'password_reject_common' },
      { path: 'passwordPolicy.rejectContainsLogin', kind: bool, label: 'password_reject_contains_login' },
      { path: 'defaultPermissions', kind: { type: 'list' }, label: 'default_permissions' },
    ],
  },
];

const ALL_FIELDS = SETTING_GROUPS.flatMap((g) => g.fields);
/** `settings.*` text in the page's language. */
const text = (ctx: PageContext, key: SettingsText, params?: Record<string, string>) => ctx.t(`settings.${key}`, params);
const idOf = (path: string) => `s-${path.replace(/\./g, '-')}`;

function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
}

/** Form values (strings, checkbox flags) → a PATCH body. A changed preset sends the preset alone (plus name and look). */
export function settingsPatchFromForm(body: unknown, current: RealmSettings): Record<string, unknown> {
  const form = (body ?? {}) as Record<string, unknown>;
  const str = (name: string): string => (typeof form[name] === 'string' ? (form[name] as string) : '').slice(0, 2000);
  const patch: Record<string, unknown> = {};
  for (const f of ALL_FIELDS) {
    const raw = str(f.path);
    let value: unknown;
    switch (f.kind.type) {
      case 'bool':
        value = raw === 'on' || raw === 'true';
        break;
      case 'int':
        value = /^-?\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
        break;
      case 'list':
        value = raw.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case 'color':
        value = raw.trim().toUpperCase();
        break;
      default:
        value = f.path === 'displayName' ? raw.trim() : raw;
    }
    setAt(patch, f.path, value);
  }
  if (patch.preset !== current.preset) {
    return { preset: patch.preset, displayName: patch.displayName, branding: patch.branding, supportContact: patch.supportContact, signInAlerts: patch.signInAlerts };
  }
  return patch;
}

/** The values the form shows: the posted ones after an error, else the settings. */
function shown(field: SettingField, settings: RealmSettings, posted?: Record<string, unknown>): string | boolean {
  if (posted) {
    const raw = posted[field.path];
    if (field.kind.type === 'bool') return raw === 'on' || raw === 'true';
    return typeof raw === 'string' ? raw : '';
  }
  const v = valueAt(settings, field.path);
  if (field.kind.type === 'bool') return v === true;
  if (Array.isArray(v)) return v.join(', ');
  return v === undefined || v === null ? '' : String(v);
}

function control(ctx: PageContext, f: SettingField, value: string | boolean, messages: string[], editable: boolean): Html {
  const id = idOf(f.path);
  const describedBy = [f.hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || null;
  const common = html`${attr('aria-describedby', describedBy)}${attr('aria-invalid', messages.length ? 'true' : null)}${attr('disabled', !editable)}`;
  const hint = f.hint ? html`<p class="hint" id="${id}-hint">${text(ctx, f.hint, f.hintParams)}</p>` : '';
  const error = messages.length ? html`<p class="field-error" id="${id}-error">${messages.join(' ')}</p>` : '';
  if (f.kind.type === 'bool') {
    return html`<div class="field check${messages.length ? ' invalid' : ''}">${error}<label><input type="checkbox" id="${id}" name="${f.path}"${attr('checked', value === true)}${common}> ${text(ctx, f.label)}</label>${hint}</div>`;
  }
  let input: Html;
  if (f.kind.type === 'select') {
    input = html`<select id="${id}" name="${f.path}"${common}>${f.kind.options.map((o) => html`<option value="${o}"${attr('selected', o === value)}>${o}</option>`)}</select>`;
  } else if (f.kind.type === 'int') {
    input = html`<input id="${id}" name="${f.path}" type="text" inputmode="numeric" value="${String(value)}"${common}>`;
  } else if (f.kind.type === 'color') {
    input = html`<input id="${id}" name="${f.path}" type="text" value="${String(value)}" maxlength="7" pattern="#[0-9A-Fa-f]{6}" spellcheck="false"${common}>`;
  } else {
    input = html`<input id="${id}" name="${f.path}" type="text" value="${String(value)}"${attr('maxlength', f.kind.type === 'text' ? f.kind.maxlength : 2000)}${common}>`;
  }
  return html`<div class="field${messages.length ? ' invalid' : ''}"><label for="${id}">${text(ctx, f.label)}</label>${hint}${error}${input}</div>`;
}

export interface SettingsFormView {
  settings: RealmSettings;
  editable: boolean;
  posted?: Record<string, unknown>;
  errors?: FormErrors;
  flash?: string;
}

/** The realm settings as a form: a field per setting, errors beside them, the header preview and the logo. */
export function settingsFormView(ctx: PageContext, v: SettingsFormView): Html {
  const labels = Object.fromEntries(ALL_FIELDS.map((f) => [f.path, text(ctx, f.label)]));
  const summaryErrors: FormErrors | undefined = v.errors ? { general: v.errors.general, fields: Object.fromEntries(Object.entries(v.errors.fields ?? {}).filter(([k]) => !labels[k])) } : undefined;
  const general = [...(v.errors?.general ?? []), ...Object.entries(v.errors?.fields ?? {}).filter(([k]) => labels[k]).map(([k, m]) => `${labels[k]}: ${m.join(' ')}`)];
  return html`${v.flash ? notice(v.flash) : ''}
${v.editable ? '' : html`<p class="muted">${ctx.p('settings_readonly')}</p>`}
${errorSummary(ctx, summaryErrors ? { ...summaryErrors, general } : undefined)}
<section class="box" aria-labelledby="preview-title">
<h2 id="preview-title">${text(ctx, 'preview_title')}</h2>
<div class="preview" aria-hidden="true"><div class="top">${brandMark(ctx.realm)}</div></div>
${v.editable ? logoForms(ctx) : ''}
</section>
<form method="post" action="${realmHref(ctx, '/admin/settings')}" novalidate class="settings-form">
${csrfField(ctx)}
${SETTING_GROUPS.map(
  (g) => html`<fieldset class="box"><legend>${text(ctx, g.title)}</legend>
${g.fields.map((f) => control(ctx, f, shown(f, v.settings, v.posted), v.errors?.fields?.[f.path] ?? [], v.editable))}
</fieldset>`,
)}
${v.editable ? html`<div class="actions">${submit(ctx.p('save'))}</div>` : ''}
</form>`;
}

/** What `?logo=` says after an upload or a removal: its text and how it is announced. */
const LOGO_STATUS: Record<string, { text: SettingsText; kind: 'error' | 'success' }> = {
  saved: { text: 'logo_saved', kind: 'success' },
  removed: { text: 'logo_removed', kind: 'success' },
  invalid: { text: 'logo_invalid', kind: 'error' },
  too_large: { text: 'logo_too_large', kind: 'error' },
};

function logoForms(ctx: PageContext): Html {
  const action = realmHref(ctx, '/admin/settings/logo');
  const status = ctx.query.logo;
  const m = status && Object.hasOwn(LOGO_STATUS, status) ? LOGO_STATUS[status] : undefined;
  return html`${m ? html`<div class="alert ${m.kind}" role="${m.kind === 'error' ? 'alert' : 'status'}"><p>${text(ctx, m.text)}</p></div>` : ''}
<form method="post" action="${action}" enctype="multipart/form-data">
${csrfField(ctx)}
<div class="field"><label for="s-logo">${text(ctx, 'logo')}</label><p class="hint" id="s-logo-hint">${text(ctx, 'logo_hint')}</p>
<input id="s-logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="s-logo-hint"></div>
<div class="actions"><button type="submit" class="secondary">${text(ctx, 'logo_upload')}</button></div>
</form>
${ctx.realm?.entity.logoEtag
  ? html`<form method="post" action="${action}/delete">${csrfField(ctx)}<div class="actions"><button type="submit" class="danger">${text(ctx, 'logo_remove')}</button></div></form>`
  : ''}`;
}

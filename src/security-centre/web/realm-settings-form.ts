import type { RealmSettings } from '../../realms/realm-settings';
import { PRESET_NAMES } from '../../realms/realm-settings';
import { SUPPORTED_LOCALES } from '../../i18n/i18n';
import { attr, html, Html } from '../../web/html';
import { csrfField, errorSummary, FormErrors, notice, realmHref, submit } from '../../web/layout';
import type { PageContext } from '../../web/web-context';
import { brandMark } from '../brand-header';

type Text = { en: string; ru: string };
type Kind = { type: 'select'; options: readonly string[] } | { type: 'int'; min: number; max?: number } | { type: 'bool' } | { type: 'text'; maxlength: number } | { type: 'color' } | { type: 'list' };

/** One realm setting on the admin form: its dotted path in the settings, how it is edited, its label. */
export interface SettingField {
  path: string;
  kind: Kind;
  label: Text;
  hint?: Text;
}

export interface SettingGroup {
  title: Text;
  fields: SettingField[];
}

const int = (min = 1, max?: number): Kind => ({ type: 'int', min, max });
const bool: Kind = { type: 'bool' };

/**
 * Every setting the form edits, grouped. Adding a setting is one entry here, e.g. for a select:
 * `{ path: 'mfa.required', kind: { type: 'select', options: ['off', 'staff', 'all'] }, label: { en: '…', ru: '…' } }`.
 * The form posts each field under its dotted path; `settingsPatchFromForm` rebuilds the PATCH body,
 * which goes through the same validation as `PATCH /admin/realm`.
 */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: { en: 'Name and look', ru: 'Название и оформление' },
    fields: [
      { path: 'displayName', kind: { type: 'text', maxlength: 100 }, label: { en: 'Display name', ru: 'Название' }, hint: { en: 'Shown on every page, e-mail and SMS (1–100 characters).', ru: 'Показывается на всех страницах, в письмах и SMS (1–100 символов).' } },
      { path: 'branding.primaryColor', kind: { type: 'color' }, label: { en: 'Primary colour', ru: 'Основной цвет' }, hint: { en: '#RRGGBB, dark enough for white text (contrast 4.5:1).', ru: '#RRGGBB, достаточно тёмный для белого текста (контраст 4,5:1).' } },
      { path: 'supportContact', kind: { type: 'text', maxlength: 500 }, label: { en: 'Support contact', ru: 'Контакт поддержки' } },
    ],
  },
  {
    title: { en: 'Preset and languages', ru: 'Набор настроек и языки' },
    fields: [
      { path: 'preset', kind: { type: 'select', options: PRESET_NAMES }, label: { en: 'Preset', ru: 'Набор настроек' }, hint: { en: 'Choosing another preset resets the policies below to its values.', ru: 'Выбор другого набора сбрасывает правила ниже к его значениям.' } },
      { path: 'locales', kind: { type: 'list' }, label: { en: 'Languages (comma-separated)', ru: 'Языки (через запятую)' }, hint: { en: `Supported: ${SUPPORTED_LOCALES.join(', ')}`, ru: `Поддерживаются: ${SUPPORTED_LOCALES.join(', ')}` } },
      { path: 'defaultLocale', kind: { type: 'select', options: SUPPORTED_LOCALES }, label: { en: 'Default language', ru: 'Язык по умолчанию' } },
    ],
  },
  {
    title: { en: 'Sign-in and sessions', ru: 'Вход и сеансы' },
    fields: [
      { path: 'sessionTtlSeconds', kind: int(), label: { en: 'Session lifetime, seconds', ru: 'Срок сеанса, секунд' } },
      { path: 'signInAlerts', kind: bool, label: { en: 'Tell users of sign-ins from a new device', ru: 'Сообщать о входе с нового устройства' } },
      { path: 'mfa.required', kind: { type: 'select', options: ['off', 'staff', 'all'] }, label: { en: 'Second factor required for', ru: 'Второй фактор обязателен для' }, hint: { en: 'off: nobody; staff: users with a role; all: everyone', ru: 'off — никого; staff — пользователей с ролью; all — всех' } },
      { path: 'lockout.maxFailures', kind: int(), label: { en: 'Failed sign-ins before lockout', ru: 'Неудачных входов до блокировки' } },
      { path: 'lockout.durationSeconds', kind: int(), label: { en: 'Lockout duration, seconds', ru: 'Длительность блокировки, секунд' } },
    ],
  },
  {
    title: { en: 'Recovery', ru: 'Восстановление' },
    fields: [
      { path: 'disclosure', kind: { type: 'select', options: ['explicit', 'uniform'] }, label: { en: 'Answers to recovery requests', ru: 'Ответы на запросы восстановления' } },
      { path: 'forgotPasswordRequires', kind: { type: 'select', options: ['login+email', 'login+captcha'] }, label: { en: 'Forgotten password asks for', ru: 'Для сброса пароля нужно' } },
      { path: 'captcha', kind: bool, label: { en: 'Captcha', ru: 'Капча' } },
      { path: 'smsFallback', kind: bool, label: { en: 'SMS when there is no e-mail', ru: 'SMS, если нет почты' } },
      { path: 'hiddenPhoneDigits', kind: int(1, 15), label: { en: 'Hidden phone digits', ru: 'Скрытых цифр телефона' } },
      { path: 'resetLinkTtlSeconds', kind: int(), label: { en: 'Reset link lifetime, seconds', ru: 'Срок ссылки сброса, секунд' } },
      { path: 'smsCodeTtlSeconds', kind: int(), label: { en: 'SMS code lifetime, seconds', ru: 'Срок SMS-кода, секунд' } },
      { path: 'smsCodeMaxAttempts', kind: int(), label: { en: 'SMS code attempts', ru: 'Попыток ввода SMS-кода' } },
      { path: 'phoneDigitsMaxAttempts', kind: int(), label: { en: 'Phone digits attempts', ru: 'Попыток ввода цифр телефона' } },
      { path: 'recoveryCooldownSeconds', kind: int(0), label: { en: 'Pause between requests, seconds', ru: 'Пауза между запросами, секунд' } },
    ],
  },
  {
    title: { en: 'Password policy', ru: 'Правила для паролей' },
    fields: [
      { path: 'passwordPolicy.minLength', kind: int(1, 1024), label: { en: 'Minimum length', ru: 'Минимальная длина' } },
      { path: 'passwordPolicy.maxLength', kind: int(1, 1024), label: { en: 'Maximum length', ru: 'Максимальная длина' } },
      { path: 'passwordPolicy.charset', kind: { type: 'select', options: ['any', 'latin-alphanumeric'] }, label: { en: 'Characters', ru: 'Символы' } },
      { path: 'passwordPolicy.requireLetter', kind: bool, label: { en: 'A letter required', ru: 'Нужна буква' } },
      { path: 'passwordPolicy.requireDigit', kind: bool, label: { en: 'A digit required', ru: 'Нужна цифра' } },
      { path: 'passwordPolicy.requireLowercase', kind: bool, label: { en: 'A lowercase letter required', ru: 'Нужна строчная буква' } },
      { path: 'passwordPolicy.requireUppercase', kind: bool, label: { en: 'An uppercase letter required', ru: 'Нужна заглавная буква' } },
      { path: 'passwordPolicy.historySize', kind: int(), label: { en: 'Earlier passwords refused', ru: 'Запрещено повторять последних паролей' } },
      { path: 'passwordPolicy.rejectCommon', kind: bool, label: { en: 'Refuse common passwords', ru: 'Запрещать распространённые пароли' } },
      { path: 'passwordPolicy.rejectContainsLogin', kind: bool, label: { en: 'Refuse passwords containing the login', ru: 'Запрещать пароли, содержащие логин' } },
      { path: 'defaultPermissions', kind: { type: 'list' }, label: { en: 'Permissions of every user (comma-separated)', ru: 'Права каждого пользователя (через запятую)' } },
    ],
  },
];

const ALL_FIELDS = SETTING_GROUPS.flatMap((g) => g.fields);
const text = (ctx: PageContext, t: Text) => (ctx.locale === 'ru' ? t.ru : t.en);
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
  const hint = f.hint ? html`<p class="hint" id="${id}-hint">${text(ctx, f.hint)}</p>` : '';
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
<h2 id="preview-title">${ctx.locale === 'ru' ? 'Как выглядит шапка' : 'Header preview'}</h2>
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

function logoForms(ctx: PageContext): Html {
  const ru = ctx.locale === 'ru';
  const action = realmHref(ctx, '/admin/settings/logo');
  const status = ctx.query.logo;
  const message: Record<string, [string, string, 'error' | 'success']> = {
    saved: ['The logo has been saved.', 'Логотип сохранён.', 'success'],
    removed: ['The logo has been removed.', 'Логотип убран.', 'success'],
    invalid: ['The logo must be a PNG, JPEG or WebP image.', 'Логотип должен быть изображением PNG, JPEG или WebP.', 'error'],
    too_large: ['The logo must be at most 256 KiB.', 'Логотип должен быть не больше 256 КБ.', 'error'],
  };
  const m = status ? message[status] : undefined;
  return html`${m ? html`<div class="alert ${m[2]}" role="${m[2] === 'error' ? 'alert' : 'status'}"><p>${ru ? m[1] : m[0]}</p></div>` : ''}
<form method="post" action="${action}" enctype="multipart/form-data">
${csrfField(ctx)}
<div class="field"><label for="s-logo">${ru ? 'Логотип' : 'Logo'}</label><p class="hint" id="s-logo-hint">${ru ? 'PNG, JPEG или WebP, не больше 256 КБ.' : 'PNG, JPEG or WebP, at most 256 KiB.'}</p>
<input id="s-logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="s-logo-hint"></div>
<div class="actions"><button type="submit" class="secondary">${ru ? 'Загрузить логотип' : 'Upload the logo'}</button></div>
</form>
${ctx.realm?.entity.logoEtag
  ? html`<form method="post" action="${action}/delete">${csrfField(ctx)}<div class="actions"><button type="submit" class="danger">${ru ? 'Убрать логотип' : 'Remove the logo'}</button></div></form>`
  : ''}`;
}

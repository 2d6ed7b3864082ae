import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { isLocale, Locale } from '../../i18n/i18n';
import type { RenderedMessage } from '../notifier.port';
import type { NoticeName } from '../notifications.port';
import { EN_TEMPLATES } from './en.templates';
import { escapeHtml } from './escape-html';
import { formatDuration } from './format-duration';
import type { LocaleTemplates } from './notice-templates';
import { RU_TEMPLATES } from './ru.templates';

/** Templates by locale. Adding a locale: one file like `en.templates.ts` and one line here. */
const TEMPLATES: Record<Locale, LocaleTemplates> = { en: EN_TEMPLATES, ru: RU_TEMPLATES };

/** What the renderer needs to know about one queued notice. */
export interface RenderInput {
  id: string;
  notice: NoticeName;
  channel: string;
  to: string;
  /** The recipient's locale; unsupported values fall back to `realm.defaultLocale`, then en. */
  locale: string;
  params: Record<string, string | number>;
  secrets: Record<string, string>;
  realm: { name: string; slug: string; defaultLocale?: string };
}

/** A template asked for a value the notice does not carry: a bug, so never retried. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Renders notices into messages: e-mail (subject, HTML, text) or short text for SMS-like channels. */
@Injectable()
export class NoticeRenderer {
  constructor(private readonly config: AppConfig) {}

  static resolveLocale(requested: string, realmDefault?: string): Locale {
    if (isLocale(requested)) return requested;
    if (isLocale(realmDefault)) return realmDefault;
    return 'en';
  }

  render(input: RenderInput): RenderedMessage {
    const locale = NoticeRenderer.resolveLocale(input.locale, input.realm.defaultLocale);
    const texts = TEMPLATES[locale];
    const template = texts.notices[input.notice];
    if (!template) throw new TemplateError(`no template for notice "${input.notice}"`);
    const values = this.values(input, locale, texts);
    const base = { id: input.id, channel: input.channel, notice: input.notice, to: input.to, locale };
    if (input.channel !== 'email') {
      return { ...base, text: fill(template.sms, values, plain) };
    }
    const email = template.email;
    // Header values must stay on one line whatever a value holds.
    const subject = fill(email.subject, values, plain).replace(/[\r\n]+/g, ' ');
    const paragraphs = [texts.greeting, ...email.paragraphs, texts.signature];
    const action = email.action ? { label: fill(email.action.label, values, plain), url: fill(email.action.url, values, plain) } : undefined;
    const text = [
      ...paragraphs.slice(0, -1).map((p) => fill(p, values, plain)),
      ...(action ? [`${action.label}: ${action.url}`] : []),
      fill(paragraphs[paragraphs.length - 1], values, plain),
    ].join('\n\n');
    const htmlParagraphs = paragraphs.map((p) => `<p>${fill(p, values, escapeHtml)}</p>`);
    if (action) {
      htmlParagraphs.splice(
        htmlParagraphs.length - 1,
        0,
        `<p><a href="${escapeHtml(safeUrl(action.url))}" style="display:inline-block;padding:10px 18px;background:#1a56db;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>`,
      );
    }
    const html = [
      '<!doctype html>',
      `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
      '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#111">',
      ...htmlParagraphs,
      '</body></html>',
    ].join('\n');
    return { ...base, subject, text, html };
  }

  private values(input: RenderInput, locale: Locale, texts: LocaleTemplates): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.params)) values[k] = String(v);
    for (const [k, v] of Object.entries(input.secrets)) values[k] = v;
    values.realmName ??= input.realm.name;
    values.serviceName ??= input.realm.name;
    const ttl = Number(input.params.ttlSeconds);
    if (Number.isFinite(ttl) && ttl > 0) {
      values.duration = formatDuration(ttl, locale, 'nominative');
      values.durationGen = formatDuration(ttl, locale, 'genitive');
    }
    if (input.params.contact === 'email' || input.params.contact === 'phone') values.contactName = texts.contactNames[input.params.contact];
    values.adminUrl = `${this.config.publicUrl}/realms/${encodeURIComponent(input.realm.slug)}/admin`;
    return values;
  }
}

const plain = (v: string): string => v;

function fill(template: string, values: Record<string, string>, encode: (v: string) => string): string {
  const escapedTemplate = encode === plain ? template : escapeHtml(template);
  return escapedTemplate.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new TemplateError(`template needs {${name}}`);
    return encode(v);
  });
}

/** Only web links become buttons: a `javascript:` value must never be clickable. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

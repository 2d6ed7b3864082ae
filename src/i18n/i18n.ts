import { en } from './en';
import { ru } from './ru';

export const SUPPORTED_LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

type Catalogue = Record<string, Record<string, string>>;
const CATALOGUES: Record<Locale, Catalogue> = { ru: ru as Catalogue, en: en as Catalogue };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Translates `namespace.key` into the locale, filling `{name}` placeholders. Falls back to en,
 * then to the key itself, so a missing text is visible rather than fatal.
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const dot = key.indexOf('.');
  const ns = key.slice(0, dot);
  const name = key.slice(dot + 1);
  const template = CATALOGUES[locale]?.[ns]?.[name] ?? CATALOGUES.en[ns]?.[name] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
}

/** True when the catalogue has the key (in the locale, or en). */
export function hasMessage(locale: Locale, key: string): boolean {
  const dot = key.indexOf('.');
  const ns = key.slice(0, dot);
  const name = key.slice(dot + 1);
  return CATALOGUES[locale]?.[ns]?.[name] !== undefined || CATALOGUES.en[ns]?.[name] !== undefined;
}

/**
 * Picks the best supported language from an Accept-Language header (q-weights honoured,
 * `*` means no preference). Returns undefined when nothing there is supported.
 */
export function localeFromAcceptLanguage(header: string | undefined, supported: readonly string[] = SUPPORTED_LOCALES): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranges) {
    if (r.tag === '*') return undefined;
    const primary = r.tag.split('-')[0];
    if (isLocale(primary) && supported.includes(primary)) return primary;
  }
  return undefined;
}

/** The message language rule of the contract: Accept-Language, else the user's, else the realm's default. */
export function chooseLocale(input: {
  acceptLanguage?: string;
  userLocale?: string | null;
  realmLocales?: readonly string[];
  realmDefault?: string;
}): Locale {
  const fromHeader = localeFromAcceptLanguage(input.acceptLanguage, input.realmLocales ?? SUPPORTED_LOCALES);
  if (fromHeader) return fromHeader;
  if (isLocale(input.userLocale)) return input.userLocale;
  if (isLocale(input.realmDefault)) return input.realmDefault;
  return 'en';
}

import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { RandomSource } from '../common/crypto/random-source';
import { SecretBox } from '../common/crypto/secret-box';
import type { AppRequest, RequestAuth, RequestRealm } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { chooseLocale, isLocale, Locale, SUPPORTED_LOCALES, t } from '../i18n/i18n';
import { SessionsService } from '../auth/sessions.service';
import { SESSION_COOKIE } from '../auth/session-cookie';

/** Cookie holding the language picked with the switcher. */
export const LANG_COOKIE = 'lang';
/** Pre-session cookie: a random value CSRF tokens are bound to before there is a session. */
export const PRE_SESSION_COOKIE = 'psid';
/**
 * Where sign-in continues once there is a session (set by a flow that sent the browser to the
 * sign-in page, e.g. single sign-on); only a path inside the same realm is honoured.
 */
export const RETURN_COOKIE = 'return_to';

/** The RETURN_COOKIE's attributes (the same when set and when cleared, or the browser keeps it). */
export function returnCookieOptions(realmSlug: string, secure: boolean): { httpOnly: true; sameSite: 'lax'; path: string; secure: boolean } {
  return { httpOnly: true, sameSite: 'lax', path: `/realms/${encodeURIComponent(realmSlug)}/`, secure };
}
/** Name of the hidden form field carrying the CSRF token. */
export const CSRF_FIELD = '_csrf';

/** What every page needs: language, realm, the signed-in user (if any), the CSRF token. */
export interface PageContext {
  locale: Locale;
  locales: readonly Locale[];
  realm?: RequestRealm;
  auth?: RequestAuth;
  csrf: string;
  /** A safe return target (RETURN_COOKIE) for after sign-in, when a flow set one. */
  returnTo?: string;
  /** Path and query of this request, for the language switcher. */
  path: string;
  query: Record<string, string>;
  /** `pages.*` text in the page's language. */
  p(key: string, params?: Record<string, string | number>): string;
  /** Any catalogue text in the page's language. */
  t(key: string, params?: Record<string, string | number>): string;
}

type WebRequest = AppRequest & { webBinding?: string };

@Injectable()
export class WebContextService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly config: AppConfig,
  ) {}

  /** The live session of the `sid` cookie in the request's realm, or undefined. */
  async session(req: AppRequest): Promise<RequestAuth | undefined> {
    if (req.auth) return req.auth;
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token || !req.realm) return undefined;
    const auth = await this.sessions.validate(token, req.realm.id);
    if (auth) req.auth = auth;
    return auth ?? undefined;
  }

  /** Builds the page context; sets the language and pre-session cookies when needed. */
  async build(req: AppRequest, res: Response): Promise<PageContext> {
    const realm = req.realm;
    const auth = await this.session(req);
    const locales = (realm?.settings.locales.filter(isLocale) ?? [...SUPPORTED_LOCALES]) as Locale[];
    const allowed = locales.length ? locales : [...SUPPORTED_LOCALES];
    const query = plainQuery(req);
    let picked: Locale | undefined;
    if (isLocale(query.lang) && allowed.includes(query.lang)) {
      picked = query.lang;
      res.cookie(LANG_COOKIE, picked, { httpOnly: true, sameSite: 'lax', path: '/', secure: this.config.secureCookies, maxAge: 365 * 86400_000 });
    } else {
      const fromCookie = cookieOf(req, LANG_COOKIE);
      if (isLocale(fromCookie) && allowed.includes(fromCookie)) picked = fromCookie;
    }
    // The switcher wins; then the user's own setting, then the browser, then the realm default.
    const userLocale = auth?.user.locale;
    const locale =
      picked ??
      (isLocale(userLocale) && allowed.includes(userLocale)
        ? userLocale
        : chooseLocale({ acceptLanguage: req.headers['accept-language'], realmLocales: allowed, realmDefault: realm?.settings.defaultLocale }));
    const csrf = this.csrfToken(req, res);
    return {
      locale,
      locales: allowed,
      realm,
      auth,
      csrf,
      returnTo: safeReturnTarget(cookieOf(req, RETURN_COOKIE), realm?.slug),
      path: req.path,
      query,
      p: (key, params) => t(locale, `pages.${key}`, params),
      t: (key, params) => t(locale, key, params),
    };
  }

  /** The CSRF token for this request's binding (the session cookie, else the pre-session cookie). */
  csrfToken(req: AppRequest, res: Response): string {
    return this.secrets.keyedHash('csrf', this.binding(req, res));
  }

  /** True when the submitted token matches the request's binding (constant-time). */
  verifyCsrf(req: AppRequest): boolean {
    const body = req.body as Record<string, unknown> | undefined;
    const submitted = body && typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
    const binding = this.existingBinding(req);
    if (!submitted || !binding) return false;
    return SecretBox.equal(submitted, this.secrets.keyedHash('csrf', binding));
  }

  /**
   * A keyed stamp of some server state (e.g. a user's password hash), carried by a form so that
   * the same form sent twice — a reload of its answer — is recognised once the state has moved on.
   */
  formStamp(purpose: string, parts: readonly string[]): string {
    return this.secrets.keyedHash(`form-stamp:${purpose}`, parts.join('\u0000'));
  }

  /** True when a submitted stamp matches the current state (constant-time). */
  verifyFormStamp(purpose: string, parts: readonly string[], submitted: string): boolean {
    return !!submitted && SecretBox.equal(submitted, this.formStamp(purpose, parts));
  }

  /** A fresh pre-session value (after sign-in or sign-out, so tokens rotate with the session). */
  rotatePreSession(req: AppRequest, res: Response): void {
    const value = this.random.token(128);
    res.cookie(PRE_SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: this.config.secureCookies });
    (req as WebRequest).webBinding = `pre:${value}`;
  }

  private existingBinding(req: AppRequest): string | undefined {
    const sid = cookieOf(req, SESSION_COOKIE);
    if (sid) return `sid:${sid}`;
    const pre = cookieOf(req, PRE_SESSION_COOKIE);
    return pre ? `pre:${pre}` : undefined;
  }

  private binding(req: AppRequest, res: Response): string {
    const r = req as WebRequest;
    if (r.webBinding) return r.webBinding;
    const existing = this.existingBinding(req);
    if (existing) return (r.webBinding = existing);
    this.rotatePreSession(req, res);
    return r.webBinding!;
  }

  /** Binds later tokens of this request to a session just created (sign-in). */
  bindToSession(req: AppRequest, token: string): void {
    (req as WebRequest).webBinding = `sid:${token}`;
  }
}

export function cookieOf(req: AppRequest, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The value when it is a plain path inside the realm (no scheme, host, `//`, `\\` or dot segments). */
export function safeReturnTarget(value: string | undefined, realmSlug: string | undefined): string | undefined {
  if (!value || !realmSlug || value.length > 300) return undefined;
  const prefix = `/realms/${encodeURIComponent(realmSlug)}/`;
  if (!value.startsWith(prefix) || !/^[A-Za-z0-9/_~%-]+$/.test(value) || value.includes('//')) return undefined;
  return value;
}

/** The query string as single string values (arrays and objects dropped). */
export function plainQuery(req: AppRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

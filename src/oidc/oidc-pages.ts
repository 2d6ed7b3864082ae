import { Injectable } from '@nestjs/common';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { SessionsService } from '../auth/sessions.service';
import type { RequestRealm } from '../common/http/app-request';
import { AppConfig } from '../config/app-config';
import { chooseLocale, isLocale, Locale, SUPPORTED_LOCALES, t } from '../i18n/i18n';
import { html, trusted } from '../web/html';
import { layout, notice } from '../web/layout';
import { LANG_COOKIE, PageContext } from '../web/web-context';
import { RealmsService } from '../realms/realms.service';

/**
 * Pages the provider itself renders (sign-out confirmation, signed out, errors), in the realm's
 * look and language, and under the service's CSP (no inline script or style).
 */
@Injectable()
export class OidcPages {
  constructor(
    private readonly realms: RealmsService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  async logout(ctx: KoaContextWithOIDC, slug: string, form: string): Promise<void> {
    const page = await this.context(ctx, slug);
    // The confirmation ends in a redirect to the application's registered post-logout address,
    // which the pages' CSP `form-action 'self'` would block in browsers that check redirects.
    const back = ctx.oidc.params?.post_logout_redirect_uri;
    const csp = ctx.response.get('Content-Security-Policy');
    if (typeof back === 'string' && csp) {
      try {
        const origin = new URL(back).origin;
        ctx.set('Content-Security-Policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
      } catch {
        // not a URL: the provider refuses it anyway
      }
    }
    // `form` is the provider's own markup: an empty form with its anti-forgery field.
    this.send(ctx, page, 200, page.t('sso.logout_title'), html`<h1>${page.t('sso.logout_title')}</h1>
<p>${page.t('sso.logout_question', { realm: page.realm?.entity.name ?? slug })}</p>
${trusted(form)}
<div class="actions"><button autofocus type="submit" class="primary" form="op.logoutForm" value="yes" name="logout">${page.t('sso.logout_yes')}</button>
<button type="submit" form="op.logoutForm">${page.t('sso.logout_no')}</button></div>`);
  }

  async loggedOut(ctx: KoaContextWithOIDC, slug: string): Promise<void> {
    const page = await this.context(ctx, slug);
    this.send(ctx, page, 200, page.t('sso.logout_title'), html`<h1>${page.t('sso.logout_title')}</h1>${notice(page.t('sso.logged_out'))}
<p><a href="/realms/${encodeURIComponent(slug)}/sign-in">${page.p('sign_in_title')}</a></p>`);
  }

  async error(ctx: KoaContextWithOIDC, slug: string, out: { error?: string; error_description?: string }): Promise<void> {
    const page = await this.context(ctx, slug);
    const status = ctx.status >= 400 ? ctx.status : 400;
    this.send(ctx, page, status, page.t('sso.error_title'), html`<h1>${page.t('sso.error_title')}</h1>
<div class="alert error" role="alert"><p>${page.t('sso.error_text', { error: out.error ?? 'server_error' })}</p>${out.error_description ? html`<p>${out.error_description}</p>` : ''}</div>`);
  }

  /** RP-initiated logout confirmed: the realm's own session ends with the provider's. */
  async signedOut(ctx: KoaContextWithOIDC, realmId: string): Promise<void> {
    const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
    if (!token) return;
    const auth = await this.sessions.validate(token, realmId);
    if (auth) await this.sessions.revoke(auth.sessionId);
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, signed: false });
  }

  private async context(ctx: KoaContextWithOIDC, slug: string): Promise<PageContext> {
    const realm: RequestRealm | undefined = (await this.realms.findBySlug(slug)) ?? undefined;
    const allowed = (realm?.settings.locales.filter(isLocale) ?? [...SUPPORTED_LOCALES]) as Locale[];
    const fromCookie = ctx.cookies.get(LANG_COOKIE, { signed: false });
    const locale: Locale =
      isLocale(fromCookie) && allowed.includes(fromCookie)
        ? fromCookie
        : chooseLocale({ acceptLanguage: ctx.get('accept-language') || undefined, realmLocales: allowed, realmDefault: realm?.settings.defaultLocale });
    return {
      locale,
      locales: allowed,
      realm,
      csrf: '',
      path: ((ctx.req as { originalUrl?: string }).originalUrl ?? ctx.path).split('?')[0],
      query: {},
      p: (key, params) => t(locale, `pages.${key}`, params),
      t: (key, params) => t(locale, key, params),
    };
  }

  private send(ctx: KoaContextWithOIDC, page: PageContext, status: number, title: string, body: ReturnType<typeof html>): void {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = layout(page, { title, body }).value;
  }
}

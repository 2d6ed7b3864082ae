import { html, Html } from '../web/html';
import type { RequestRealm } from '../common/http/app-request';
import { themeCss } from './theme';

/** The realm's name on pages: `displayName`, else the slug. */
export function realmDisplayName(realm: RequestRealm | undefined): string | undefined {
  return realm ? realm.settings.displayName || realm.slug : undefined;
}

/** The `<link>` to the realm's colour theme (a file: the CSP allows no inline style). */
export function themeLink(realm: RequestRealm | undefined): Html {
  if (!realm) return html``;
  const { etag } = themeCss(realm.settings.branding.primaryColor);
  return html`<link rel="stylesheet" href="/realms/${encodeURIComponent(realm.slug)}/theme.css?v=${etag}">`;
}

/** Logo (when the realm has one) and name, for the page header. */
export function brandMark(realm: RequestRealm | undefined): Html {
  const name = realmDisplayName(realm) ?? '';
  const etag = realm?.entity.logoEtag;
  if (!realm || !etag) return html`<span class="realm">${name}</span>`;
  return html`<span class="realm brand"><img src="/realms/${encodeURIComponent(realm.slug)}/logo?v=${etag}" alt="" width="32" height="32"><span>${name}</span></span>`;
}

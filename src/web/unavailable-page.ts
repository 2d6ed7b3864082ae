import type { Response } from 'express';
import type { AppRequest } from '../common/http/app-request';
import { chooseLocale, t } from '../i18n/i18n';
import { html } from './html';
import { sendHtml } from './web-response';

/**
 * The page shown while the database is unreachable: 503 with Retry-After, in the visitor's
 * language, built without touching the database (no session, no CSRF token, no realm look-up).
 */
export function sendUnavailablePage(req: AppRequest, res: Response): void {
  const locale = chooseLocale({
    acceptLanguage: req.headers['accept-language'],
    realmLocales: req.realm?.settings.locales,
    realmDefault: req.realm?.settings.defaultLocale,
  });
  const title = t(locale, 'pages.error_title');
  res.setHeader('Retry-After', '30');
  sendHtml(
    res,
    503,
    html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/web.css">
</head>
<body>
<main id="main" class="card">
<h1>${title}</h1>
<div class="alert error" role="alert"><p>${t(locale, 'errors.service_unavailable')}</p></div>
<p><a href="${req.originalUrl}">${t(locale, 'pages.reload_page')}</a></p>
</main>
</body>
</html>`,
  );
}

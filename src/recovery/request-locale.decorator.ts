import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AppRequest } from '../common/http/app-request';
import { chooseLocale, Locale } from '../i18n/i18n';

/**
 * The language of an anonymous answer: Accept-Language, else the realm's default. Never the
 * account's own locale, which would tell whether the account exists.
 */
export const RequestLocale = createParamDecorator((_: unknown, ctx: ExecutionContext): Locale => {
  const req = ctx.switchToHttp().getRequest<AppRequest>();
  return chooseLocale({ acceptLanguage: req.headers['accept-language'], realmLocales: req.realm?.settings.locales, realmDefault: req.realm?.settings.defaultLocale });
});

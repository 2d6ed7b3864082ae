import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';

export const SESSION_COOKIE = 'sid';

/** The `sid` cookie: HttpOnly, SameSite=Lax, Path=/, Secure when PUBLIC_URL is https. */
export function setSessionCookie(res: Response, token: string, expiresAt: Date, config: AppConfig): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies, expires: expiresAt });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies });
}

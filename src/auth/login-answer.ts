import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import type { RealmSettings } from '../realms/realm-settings';
import { LoginResponseDto, SessionUserDto } from './dto/session-user.dto';
import { setSessionCookie } from './session-cookie';
import type { LoginResult } from './use-cases/login.use-case';

/** The login answer with its `sid` cookie: after a password, a second factor, or a passkey. */
export function loginAnswer(res: Response, result: LoginResult, settings: RealmSettings, config: AppConfig): LoginResponseDto {
  setSessionCookie(res, result.token, result.expiresAt, config);
  return { accessToken: result.token, tokenType: 'Bearer', expiresAt: result.expiresAt.toISOString(), user: SessionUserDto.from(result.user, settings) };
}

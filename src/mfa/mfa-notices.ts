import { isLocale, t } from '../i18n/i18n';
import type { NoticeName, NoticeRequest } from '../notifications/notifications.port';
import type { RealmSettings } from '../realms/realm-settings';
import type { UserEntity } from '../users/entities/user.entity';

export type FactorKind = 'totp' | 'passkey' | 'recovery_codes';

/**
 * A second-factor notice for the user: to the confirmed e-mail, else by SMS to the confirmed
 * phone, else none. In the recipient's locale; never carries a secret.
 */
export function mfaNotice(
  realmId: string,
  user: UserEntity,
  settings: RealmSettings,
  notice: Extract<NoticeName, `mfa-${string}`>,
  params: { factor?: FactorKind; left?: number } = {},
): NoticeRequest | null {
  const chosen = user.locale ?? settings.defaultLocale;
  const locale = isLocale(chosen) ? chosen : 'en';
  const filled: Record<string, string | number> = {};
  if (params.factor) filled.factor = t(locale, `mfa.factor_${params.factor}`);
  if (params.left !== undefined) filled.left = params.left;
  const base = { realmId, userId: user.id, notice, locale, params: filled };
  if (user.email && user.emailVerified) return { ...base, channel: 'email', to: user.email };
  if (user.phone && user.phoneVerified) return { ...base, channel: 'sms', to: user.phone };
  return null;
}

import type { NoticeRequest } from '../notifications/notifications.port';
import type { RealmSettings } from '../realms/realm-settings';
import type { UserEntity } from '../users/entities/user.entity';

/**
 * The "password changed" notice for a user: to the confirmed e-mail, else by SMS to the confirmed
 * phone, else none (an unconfirmed contact may belong to someone else). In the recipient's locale.
 */
export function passwordChangedNotice(realmId: string, user: UserEntity, settings: RealmSettings): NoticeRequest | null {
  const locale = user.locale ?? settings.defaultLocale;
  const base = { realmId, userId: user.id, notice: 'password-changed' as const, locale };
  if (user.email && user.emailVerified) return { ...base, channel: 'email', to: user.email };
  if (user.phone && user.phoneVerified) return { ...base, channel: 'sms', to: user.phone };
  return null;
}

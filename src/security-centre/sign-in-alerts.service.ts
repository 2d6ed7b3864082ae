import { Injectable } from '@nestjs/common';
import { EntityManager, LessThan, Not } from 'typeorm';
import { SecretBox } from '../common/crypto/secret-box';
import type { RequestRealm } from '../common/http/app-request';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { NoticeRequest, Notifications } from '../notifications/notifications.port';
import type { UserEntity } from '../users/entities/user.entity';
import { KnownDeviceEntity } from './entities/known-device.entity';
import { describeDevice, deviceKind, networkPrefix } from './user-agent';

/** A device not seen for this long is new again (and its row is pruned). */
export const KNOWN_DEVICE_DAYS = 90;
const DAY_MS = 86_400_000;
/** The row that says "this user has signed in before": never pruned, never a device. */
export const ACCOUNT_MARKER = 'account';

export interface IssuedSession {
  realm: RequestRealm;
  user: UserEntity;
  ip: string | null;
  userAgent: string | null;
}

/**
 * New-device alerts. Called once, in the sign-in's own transaction, where a session is issued.
 * When the realm's `signInAlerts` is on: one read of the user's known devices (a handful of
 * rows), and for a (browser family + OS + network) pair not seen in 90 days one upsert and one
 * outbox insert; for a known pair at most one date update a day. The first sign-in sends none.
 */
@Injectable()
export class SignInAlertsService {
  constructor(
    private readonly secrets: SecretBox,
    private readonly notifications: Notifications,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The keyed hash that identifies a (browser family, OS, network prefix) for one user. */
  deviceKey(userId: string, ip: string | null, userAgent: string | null): string {
    const { browser, os } = deviceKind(userAgent);
    return this.secrets.keyedHash('known-device', [userId, browser, os, networkPrefix(ip)].join('\n'));
  }

  async onSessionIssued(session: IssuedSession, m: EntityManager): Promise<void> {
    if (!session.realm.settings.signInAlerts) return;
    const { user } = session;
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - KNOWN_DEVICE_DAYS * DAY_MS);
    const repo = m.getRepository(KnownDeviceEntity);
    const key = this.deviceKey(user.id, session.ip, session.userAgent);
    const rows = await repo.find({ where: { userId: user.id }, select: { deviceKey: true, lastSeenAt: true } });
    if (rows.some((r) => r.deviceKey !== ACCOUNT_MARKER && r.lastSeenAt < cutoff)) {
      await repo.delete({ userId: user.id, deviceKey: Not(ACCOUNT_MARKER), lastSeenAt: LessThan(cutoff) });
    }
    const known = rows.find((r) => r.deviceKey === key && r.lastSeenAt >= cutoff);
    if (known) {
      if (now.getTime() - known.lastSeenAt.getTime() >= DAY_MS) await repo.update({ userId: user.id, deviceKey: key }, { lastSeenAt: now });
      return;
    }
    const signedInBefore = rows.some((r) => r.deviceKey === ACCOUNT_MARKER);
    const fresh = (deviceKey: string) => ({ userId: user.id, deviceKey, realmId: user.realmId, firstSeenAt: now, lastSeenAt: now });
    // Upserts: two sign-ins racing from the same new device must not fail either one.
    await repo.upsert(signedInBefore ? [fresh(key)] : [fresh(key), fresh(ACCOUNT_MARKER)], ['userId', 'deviceKey']);
    if (!signedInBefore) return;
    const notice = this.notice(session, now);
    if (notice) await this.notifications.queue(notice, m);
  }

  private notice(session: IssuedSession, at: Date): NoticeRequest | null {
    const { user, realm } = session;
    const to = user.email && user.emailVerified ? { channel: 'email' as const, to: user.email } : user.phone && user.phoneVerified ? { channel: 'sms' as const, to: user.phone } : null;
    if (!to) return null;
    const locale = user.locale && realm.settings.locales.includes(user.locale) ? user.locale : realm.settings.defaultLocale;
    return {
      realmId: realm.id,
      userId: user.id,
      notice: 'new-sign-in',
      ...to,
      locale,
      params: {
        time: formatTime(at, locale),
        device: describeDevice(session.userAgent, locale),
        ip: session.ip || '?',
        accountUrl: `${this.config.publicUrl}/realms/${encodeURIComponent(realm.slug)}/account`,
      },
    };
  }
}

/** "3 December 2026, 12:40 UTC" / "3 декабря 2026 г., 12:40 UTC". */
export function formatTime(at: Date, locale: string): string {
  const text = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return `${text} UTC`;
}

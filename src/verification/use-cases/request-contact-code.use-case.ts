import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { Notifications } from '../../notifications/notifications.port';
import { normalizePhone } from '../../users/contact-format';
import type { UserEntity } from '../../users/entities/user.entity';
import { ContactChannel, ContactVerificationEntity } from '../entities/contact-verification.entity';

/** The keyed hash of a code, bound to its verification row. */
export function contactCodeHash(secrets: SecretBox, verificationId: string, code: string): string {
  return secrets.keyedHash('contact-code', `${verificationId}:${code}`);
}

/** At most this many codes go out while one confirmation is live (then 429 until it expires). */
export const MAX_CODES_PER_CONFIRMATION = 5;

/**
 * Sends a 6-digit code to a new (or unconfirmed) e-mail or phone. A new code replaces the
 * pending one; the attempt counter of a still-live pending code carries on, so asking again never
 * buys more guesses, and at most 5 codes go out per live confirmation. The contact itself changes only when the code is confirmed.
 */
@Injectable()
export class RequestContactCodeUseCase {
  constructor(
    private readonly notifications: Notifications,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async execute(realm: RequestRealm, user: UserEntity, channel: ContactChannel, rawValue: string): Promise<{ expiresAt: Date }> {
    const value = channel === 'phone' ? normalizePhone(rawValue) : rawValue.trim();
    if (!value) throw new DomainError('validation_failed', { fields: [{ field: 'phone', message: 'isE164Phone' }] });
    const now = this.clock.now();
    const settings = realm.settings;
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ContactVerificationEntity);
      const pending = await repo.findOne({ where: { userId: user.id, channel, consumedAt: IsNull() }, order: { createdAt: 'DESC' } });
      const live = pending && pending.expiresAt > now;
      const attempts = live ? pending.attempts : 0;
      const sends = live ? pending.sends + 1 : 1;
      if (attempts >= settings.smsCodeMaxAttempts) throw new DomainError('flow_locked');
      if (sends > MAX_CODES_PER_CONFIRMATION) {
        const retryAfter = Math.max(1, Math.ceil((pending!.expiresAt.getTime() - now.getTime()) / 1000));
        throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(retryAfter) });
      }
      await repo.update({ userId: user.id, channel, consumedAt: IsNull() }, { consumedAt: now });
      const id = randomUUID();
      const code = this.random.digits(6);
      const expiresAt = new Date(now.getTime() + settings.smsCodeTtlSeconds * 1000);
      await repo.insert({ id, realmId: realm.id, userId: user.id, channel, value, codeHash: contactCodeHash(this.secrets, id, code), attempts, sends, expiresAt, createdAt: now, consumedAt: null });
      await this.notifications.queue(
        {
          realmId: realm.id,
          userId: user.id,
          notice: 'confirmation-code',
          channel: channel === 'phone' ? 'sms' : 'email',
          to: value,
          locale: user.locale ?? settings.defaultLocale,
          params: { ttlSeconds: settings.smsCodeTtlSeconds },
          secrets: { code },
        },
        manager,
      );
      return { expiresAt };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import { SecretBox } from '../../common/crypto/secret-box';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { Notifications } from '../../notifications/notifications.port';
import { RecoveryRevocation } from '../../recovery/recovery-revocation';
import type { UserEntity } from '../../users/entities/user.entity';
import { normalizeEmail } from '../../users/login';
import { UsersService } from '../../users/users.service';
import { ContactChannel, ContactVerificationEntity } from '../entities/contact-verification.entity';
import { contactCodeHash } from './request-contact-code.use-case';

/**
 * Confirms a pending contact with its code. The try is counted before the check (atomically);
 * the right code sets and confirms the contact, ends the recovery links and flows handed out
 * before the change, tells the old confirmed contact about the change,
 * and records `contact.changed` (without the addresses).
 */
@Injectable()
export class ConfirmContactUseCase {
  constructor(
    @InjectRepository(ContactVerificationEntity) private readonly verifications: Repository<ContactVerificationEntity>,
    private readonly users: UsersService,
    private readonly notifications: Notifications,
    private readonly audit: AuditService,
    private readonly recovery: RecoveryRevocation,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
  ) {}

  async execute(realm: RequestRealm, user: UserEntity, channel: ContactChannel, code: string, ip: string | null): Promise<void> {
    const now = this.clock.now();
    const max = realm.settings.smsCodeMaxAttempts;
    const pending = await this.verifications.findOne({ where: { userId: user.id, channel, consumedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!pending) throw new DomainError('flow_state_invalid');
    if (pending.expiresAt <= now) throw new DomainError('flow_expired');
    const counted = await this.verifications.increment({ id: pending.id, consumedAt: IsNull(), attempts: LessThan(max) }, 'attempts', 1);
    if (!counted.affected) throw new DomainError('flow_locked');
    const attemptsLeft = Math.max(0, max - (pending.attempts + 1));
    if (!/^\d{6}$/.test(code) || !SecretBox.equal(contactCodeHash(this.secrets, pending.id, code), pending.codeHash)) {
      throw new DomainError('code_invalid', { attemptsLeft });
    }
    await this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const spent = await manager.getRepository(ContactVerificationEntity).update({ id: pending.id, consumedAt: IsNull() }, { consumedAt: now });
      if (!spent.affected) throw new DomainError('flow_state_invalid');
      const fresh = (await this.users.findById(realm.id, user.id, manager)) ?? user;
      const old = channel === 'email' ? { value: fresh.email, confirmed: fresh.emailVerified } : { value: fresh.phone, confirmed: fresh.phoneVerified };
      const changed = channel === 'email' ? normalizeEmail(old.value ?? '') !== normalizeEmail(pending.value) : old.value !== pending.value;
      await this.users.update(user.id, channel === 'email' ? { email: pending.value, emailVerified: true } : { phone: pending.value, phoneVerified: true }, manager);
      // Links and flows already sent to the replaced contact must not reach the account any more.
      if (old.value && changed) await this.recovery.revokeAllForUser(user.id, manager);
      if (old.value && old.confirmed && changed) {
        await this.notifications.queue(
          {
            realmId: realm.id,
            userId: user.id,
            notice: 'contact-changed',
            channel: channel === 'email' ? 'email' : 'sms',
            to: old.value,
            locale: fresh.locale ?? realm.settings.defaultLocale,
            params: { contact: channel },
          },
          manager,
        );
      }
      await this.audit.record(
        { realmId: realm.id, type: 'contact.changed', actorId: user.id, userId: user.id, organizationId: fresh.organizationId, ip, details: { contact: channel, replaced: Boolean(old.value && changed), confirmed: true } },
        manager,
      );
    }));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { Notifications } from '../../notifications/notifications.port';
import { UsersService } from '../../users/users.service';
import { assertTransition } from '../flow-states';
import { hiddenDigits } from '../phone-mask';
import { isUsersConfirmedPhone } from '../recovery-eligibility';
import { RecoveryFlowsService } from '../recovery-flows.service';
import { DAY_SECONDS, RecoveryLimitsService } from '../recovery-limits.service';

/** SMS messages one flow may send; the per-account daily cap on wrong digits, in flows' worth. */
export const MAX_SMS_PER_FLOW = 3;
export const PHONE_DIGITS_DAILY_FLOWS = 3;
/** SMS codes one account (realm + login), and one phone number, may be sent a day, across flows. */
export const SMS_PER_ACCOUNT_PER_DAY = 10;
export const SMS_PER_PHONE_PER_DAY = 10;
const DAY_MS = DAY_SECONDS * 1000;

/**
 * SMS fallback, step 1: the user types the hidden digits of the masked phone. Wrong digits count
 * (per flow, and per account per day) before the comparison; right ones send a fresh 6-digit code,
 * which replaces any earlier one — at most 3 a flow, and `SMS_PER_ACCOUNT_PER_DAY` /
 * `SMS_PER_PHONE_PER_DAY` across flows (then 429 with Retry-After). Decoy flows go through the
 * same motions, counted under the same keys, and send nothing.
 */
@Injectable()
export class SendSmsCodeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flows: RecoveryFlowsService,
    private readonly users: UsersService,
    private readonly limits: RecoveryLimitsService,
    private readonly notifications: Notifications,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  async execute(realm: RequestRealm, flowId: string, phoneDigits: string): Promise<{ state: 'code_sent' }> {
    const s = realm.settings;
    const flow = await this.flows.getLive(realm.id, flowId);
    if (!flow.phone || !s.smsFallback) throw new DomainError('flow_state_invalid');
    assertTransition(flow.state, 'code_sent');
    if (flow.smsSent >= MAX_SMS_PER_FLOW) throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(this.secondsLeft(flow.expiresAt)) });
    const dailyFailures = await this.flows.phoneDigitFailuresSince(flow, new Date(this.clock.now().getTime() - DAY_MS));
    if (dailyFailures >= s.phoneDigitsMaxAttempts * PHONE_DIGITS_DAILY_FLOWS) throw new DomainError('flow_locked');
    if (!(await this.flows.incrementBelow(flow.id, 'phoneDigitsFailures', s.phoneDigitsMaxAttempts))) {
      await this.flows.transition(flow, 'locked').catch(() => undefined);
      throw new DomainError('flow_locked');
    }
    if (!SecretBox.equal(phoneDigits, hiddenDigits(flow.phone, s.hiddenPhoneDigits))) {
      const failures = (await this.flows.repo().findOneByOrFail({ id: flow.id })).phoneDigitsFailures;
      const attemptsLeft = Math.max(0, s.phoneDigitsMaxAttempts - failures);
      if (attemptsLeft === 0) await this.flows.transition(flow, 'locked').catch(() => undefined);
      throw new DomainError('phone_digits_mismatch', { attemptsLeft });
    }
    await this.flows.decrement(flow.id, 'phoneDigitsFailures');
    const user = flow.userId && !flow.decoy ? await this.users.findById(realm.id, flow.userId) : null;
    const real = isUsersConfirmedPhone(user, flow.phone);
    await this.dataSource.transaction(async (m) => {
      if (!(await this.flows.incrementBelow(flow.id, 'smsSent', MAX_SMS_PER_FLOW, m))) throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(this.secondsLeft(flow.expiresAt)) });
      // Daily caps across flows (thrown inside the transaction: a refused send counts nothing).
      const account = await this.limits.take({ realmId: realm.id, scope: 'sms', subject: flow.subjectKey }, SMS_PER_ACCOUNT_PER_DAY, DAY_SECONDS, m);
      const perPhone = account.ok ? await this.limits.take({ realmId: realm.id, scope: 'sms-phone', subject: this.flows.phoneKey(realm.id, flow.phone!) }, SMS_PER_PHONE_PER_DAY, DAY_SECONDS, m) : account;
      if (!perPhone.ok) throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(perPhone.retryAfterSeconds) });
      const code = this.random.digits(6);
      const codeExpiresAt = new Date(this.clock.now().getTime() + s.smsCodeTtlSeconds * 1000);
      await this.flows.transition(flow, 'code_sent', { codeHash: this.secrets.keyedHash('sms-code', `${flow.id}:${code}`), codeExpiresAt }, m);
      if (real) {
        await this.notifications.queue(
          { realmId: realm.id, userId: user!.id, notice: 'confirmation-code', channel: 'sms', to: flow.phone!, locale: user!.locale ?? s.defaultLocale, params: { ttlSeconds: s.smsCodeTtlSeconds }, secrets: { code } },
          m,
        );
      }
    });
    return { state: 'code_sent' };
  }

  private secondsLeft(until: Date): number {
    return Math.max(1, Math.ceil((until.getTime() - this.clock.now().getTime()) / 1000));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../common/crypto/secret-box';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { UsersService } from '../../users/users.service';
import { isUsersConfirmedPhone } from '../recovery-eligibility';
import { RecoveryFlowsService } from '../recovery-flows.service';
import { DAY_SECONDS, RecoveryLimitsService } from '../recovery-limits.service';
import { ResetTokensService } from '../reset-tokens.service';

/** Code attempts one account (realm + login) may make a day, across flows (then 423 flow_locked). */
export const CODE_ATTEMPTS_PER_ACCOUNT_PER_DAY = 20;

/**
 * SMS fallback, step 2: the code. The attempt is counted before the comparison (so parallel
 * guesses cannot exceed the limit), per flow and per account per day; the code is bound to its flow; the right one yields a reset
 * token for the ordinary reset step — only for a real flow whose user may still reset their
 * password alone and still has that confirmed phone.
 */
@Injectable()
export class VerifySmsCodeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly flows: RecoveryFlowsService,
    private readonly tokens: ResetTokensService,
    private readonly limits: RecoveryLimitsService,
    private readonly users: UsersService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute(realm: RequestRealm, flowId: string, code: string): Promise<{ resetToken: string }> {
    const s = realm.settings;
    const flow = await this.flows.getLive(realm.id, flowId);
    if (flow.state === 'locked') throw new DomainError('flow_locked');
    if (flow.state !== 'code_sent' || !flow.codeHash || !flow.codeExpiresAt) throw new DomainError('flow_state_invalid');
    if (flow.codeExpiresAt.getTime() <= this.clock.now().getTime()) throw new DomainError('flow_expired');
    // The flow's own limit first: attempts it refuses do not eat into the account's daily ones.
    const counted =
      (await this.flows.incrementBelow(flow.id, 'codeAttempts', s.smsCodeMaxAttempts)) &&
      (await this.limits.take({ realmId: realm.id, scope: 'code', subject: flow.subjectKey }, CODE_ATTEMPTS_PER_ACCOUNT_PER_DAY, DAY_SECONDS)).ok;
    if (!counted) {
      await this.flows.transition(flow, 'locked').catch(() => undefined);
      throw new DomainError('flow_locked');
    }
    const right = SecretBox.equal(this.secrets.keyedHash('sms-code', `${flow.id}:${code}`), flow.codeHash);
    // Looked up only for a right code of a real flow: whoever has it holds the phone already.
    const user = right && flow.userId && !flow.decoy ? await this.users.findById(realm.id, flow.userId) : null;
    const mayReset = Boolean(user && user.canChangeOwnPassword && isUsersConfirmedPhone(user, flow.phone));
    if (!right || !mayReset) {
      const attempts = (await this.flows.repo().findOneByOrFail({ id: flow.id })).codeAttempts;
      const attemptsLeft = Math.max(0, s.smsCodeMaxAttempts - attempts);
      if (attemptsLeft === 0) await this.flows.transition(flow, 'locked').catch(() => undefined);
      throw new DomainError('code_invalid', { attemptsLeft });
    }
    const issued = await this.dataSource.transaction(async (m) => {
      // Conditional on the code hash too: a resend in between kills the code that was checked.
      await this.flows.transition(flow, 'code_verified', { codeHash: null, codeExpiresAt: null }, m, { codeHash: flow.codeHash! });
      return this.tokens.issue({ realmId: realm.id, realmSlug: realm.slug, userId: flow.userId!, flowId: flow.id, ttlSeconds: s.resetLinkTtlSeconds }, m);
    });
    return { resetToken: issued.token };
  }
}

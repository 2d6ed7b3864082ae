import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AccountLockoutService } from '../../auth/lockout/account-lockout.service';
import { LoginResult, LoginUseCase } from '../../auth/use-cases/login.use-case';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { MfaChallengeEntity } from '../entities/mfa-challenge.entity';
import { MfaChallengesService } from '../mfa-challenges.service';
import { MfaFactorsService } from '../mfa-factors.service';
import { PasskeysService } from '../passkeys/passkeys.service';
import { RecoveryCodesService } from '../recovery-codes/recovery-codes.service';
import { TotpService } from '../totp/totp.service';
import { MFA_MAX_ATTEMPTS, SecondFactorStartService } from './second-factor-start.service';

export type SecondFactorInput = { method: 'totp' | 'recovery_code'; code: string } | { method: 'passkey'; response: unknown };

/**
 * The second step of a sign-in: after a right password the user holds an mfaToken (only its
 * keyed hash is stored) and proves a factor. Attempts are counted before the check, wrong factors
 * count toward the account's lockout, and success goes through LoginUseCase.issueSession.
 */
@Injectable()
export class MfaSignInService {
  constructor(
    private readonly challenges: MfaChallengesService,
    private readonly factors: MfaFactorsService,
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly codes: RecoveryCodesService,
    private readonly users: UsersService,
    private readonly lockout: AccountLockoutService,
    private readonly login: LoginUseCase,
    private readonly audit: AuditService,
    private readonly start: SecondFactorStartService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** The live sign-in of a token and its user (still usable), or 401 unauthenticated. */
  async flow(realm: RequestRealm, token: unknown): Promise<{ flow: MfaChallengeEntity; user: UserEntity }> {
    if (typeof token !== 'string' || !token || token.length > 100) throw new DomainError('unauthenticated');
    const flow = await this.challenges.findLive({ tokenHash: this.start.tokenHash(token), purpose: 'sign-in', realmId: realm.id });
    const user = flow?.userId ? await this.users.findById(realm.id, flow.userId) : null;
    if (!flow || !user || user.disabled) throw new DomainError('unauthenticated');
    return { flow, user };
  }

  async passkeyOptions(realm: RequestRealm, token: unknown): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { flow, user } = await this.flow(realm, token);
    if (!(await this.passkeys.list(user.id)).length) throw new DomainError('flow_state_invalid');
    const options = await this.passkeys.authenticationOptions(user.id);
    await this.challenges.setChallenge(flow.id, options.challenge);
    return options;
  }

  async verify(realm: RequestRealm, token: unknown, input: SecondFactorInput, ip: string | null, userAgent: string | null = null): Promise<LoginResult> {
    const { flow, user } = await this.flow(realm, token);
    const attempts = await this.challenges.countAttempt(flow.id, MFA_MAX_ATTEMPTS);
    if (attempts === null || this.lockout.isLocked(user, this.clock.now())) throw new DomainError('flow_locked');
    const usedCode = await this.dataSource.transaction(async (m) => {
      let ok = false;
      if (input.method === 'totp') {
        const row = await this.totp.find(user.id, m);
        ok = !!row?.confirmedAt && (await this.totp.verify(row, input.code, m));
      } else if (input.method === 'recovery_code') {
        ok = user.mfaEnabled && (await this.codes.consume(user.id, input.code, m));
      } else if (input.method === 'passkey' && flow.challenge) {
        ok = !!(await this.passkeys.verifyAssertion({ realmId: realm.id, userId: user.id, response: input.response, expectedChallenge: flow.challenge }, m));
      }
      if (ok) ok = await this.challenges.consume(flow.id, m);
      if (ok && input.method === 'recovery_code') {
        await this.factors.record({ realmId: realm.id, settings: realm.settings, user, type: 'mfa.recovery_code_used', notice: 'mfa-recovery-code-used', ip }, m);
      }
      return ok ? 'ok' : 'wrong';
    });
    if (usedCode === 'wrong') {
      await this.dataSource.transaction(async (m) => {
        await this.lockout.recordFailure(realm.settings, user, ip, m);
        await this.audit.record({ realmId: realm.id, type: 'mfa.failed', userId: user.id, organizationId: user.organizationId, ip, details: { method: input.method, attempt: attempts } }, m);
      });
      throw new DomainError('code_invalid', { attemptsLeft: Math.max(0, MFA_MAX_ATTEMPTS - attempts) });
    }
    return this.login.issueSession(realm, user, ip, userAgent);
  }
}

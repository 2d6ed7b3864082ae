import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AccountLockoutService } from '../../auth/lockout/account-lockout.service';
import { LoginResult, LoginUseCase } from '../../auth/use-cases/login.use-case';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestRealm } from '../../common/http/app-request';
import { Clock } from '../../common/time/clock';
import { UsersService } from '../../users/users.service';
import { MfaChallengesService } from '../mfa-challenges.service';
import { PasskeysService, WEBAUTHN_TIMEOUT_MS } from '../passkeys/passkeys.service';

/**
 * Passwordless sign-in with a discoverable credential. A passkey verified with user verification
 * stands for both factors; every failure is the one 401 invalid_credentials.
 */
@Injectable()
export class PasskeySignInService {
  constructor(
    private readonly challenges: MfaChallengesService,
    private readonly passkeys: PasskeysService,
    private readonly users: UsersService,
    private readonly lockout: AccountLockoutService,
    private readonly login: LoginUseCase,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async options(realm: RequestRealm): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    const options = await this.passkeys.authenticationOptions(null);
    const row = await this.challenges.create({ realmId: realm.id, userId: null, purpose: 'passwordless', ttlSeconds: WEBAUTHN_TIMEOUT_MS / 1000, challenge: options.challenge });
    return { challengeId: row.id, options };
  }

  async verify(realm: RequestRealm, challengeId: string, response: unknown, ip: string | null, userAgent: string | null = null): Promise<LoginResult> {
    const pending = /^[0-9a-f-]{36}$/.test(challengeId) ? await this.challenges.findLive({ id: challengeId, purpose: 'passwordless', realmId: realm.id }) : null;
    const outcome = await this.dataSource.transaction(async (m) => {
      if (!pending?.challenge || !(await this.challenges.consume(pending.id, m))) return null;
      return this.passkeys.verifyAssertion({ realmId: realm.id, userId: null, response, expectedChallenge: pending.challenge }, m);
    });
    const user = outcome ? await this.users.findById(realm.id, outcome.passkey.userId) : null;
    const refusal = !outcome ? 'passkey_invalid' : !user ? 'unknown_user' : !outcome.userVerified ? 'no_user_verification' : user.disabled ? 'disabled' : this.lockout.isLocked(user, this.clock.now()) ? 'locked' : null;
    if (refusal || !user) {
      await this.audit.record({ realmId: realm.id, type: 'sign_in.failed', userId: user?.id ?? null, organizationId: user?.organizationId ?? null, ip, details: { reason: refusal, method: 'passkey' } });
      throw new DomainError('invalid_credentials');
    }
    return this.login.issueSession(realm, user, ip, userAgent);
  }
}

import { Injectable } from '@nestjs/common';
import { SecondFactorChallenge, SecondFactorStep } from '../../auth/second-factor.port';
import { RandomSource } from '../../common/crypto/random-source';
import { SecretBox } from '../../common/crypto/secret-box';
import type { RequestRealm } from '../../common/http/app-request';
import type { UserEntity } from '../../users/entities/user.entity';
import { MfaChallengesService } from '../mfa-challenges.service';
import { MfaFactorsService } from '../mfa-factors.service';

/** An mfaToken lives 5 minutes and allows 5 attempts (API.md). */
export const MFA_TOKEN_TTL_SECONDS = 300;
export const MFA_MAX_ATTEMPTS = 5;

/**
 * Where sign-in hands off after a right password for a user with a factor: an mfaToken (256
 * bits; only its keyed hash is stored) and the methods open to the user. No session yet.
 */
@Injectable()
export class SecondFactorStartService extends SecondFactorStep {
  constructor(
    private readonly challenges: MfaChallengesService,
    private readonly factors: MfaFactorsService,
    private readonly secrets: SecretBox,
    private readonly random: RandomSource,
  ) {
    super();
  }

  tokenHash(token: string): string {
    return this.secrets.keyedHash('mfa-token', token);
  }

  async begin(realm: RequestRealm, user: UserEntity, _ip: string | null): Promise<SecondFactorChallenge> {
    const token = this.random.token(256);
    const row = await this.challenges.create({ realmId: realm.id, userId: user.id, purpose: 'sign-in', ttlSeconds: MFA_TOKEN_TTL_SECONDS, tokenHash: this.tokenHash(token) });
    return { mfaRequired: true, mfaToken: token, methods: await this.factors.methods(user.id), expiresAt: row.expiresAt };
  }
}

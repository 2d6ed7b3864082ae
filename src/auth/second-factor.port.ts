import type { RequestRealm } from '../common/http/app-request';
import type { UserEntity } from '../users/entities/user.entity';

/** A sign-in whose password was right, waiting for the second factor (API.md, Second factor). */
export interface SecondFactorChallenge {
  mfaRequired: true;
  mfaToken: string;
  methods: Array<'totp' | 'passkey' | 'recovery_code'>;
  expiresAt: Date;
}

/** Where sign-in hands off when the user has a second factor (implemented by the mfa module). */
export abstract class SecondFactorStep {
  /** Starts the second step for a user whose password was right; no session exists yet. */
  abstract begin(realm: RequestRealm, user: UserEntity, ip: string | null): Promise<SecondFactorChallenge>;
}

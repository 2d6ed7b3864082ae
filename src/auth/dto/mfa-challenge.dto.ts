import { ApiProperty } from '@nestjs/swagger';
import type { SecondFactorChallenge } from '../second-factor.port';

/** The login answer for a user with a second factor: no session yet. */
export class MfaChallengeDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'Names this sign-in in the second step; lives 5 minutes' }) mfaToken: string;
  @ApiProperty({ type: [String], enum: ['totp', 'passkey', 'recovery_code'] }) methods: Array<'totp' | 'passkey' | 'recovery_code'>;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;

  static from(c: SecondFactorChallenge): MfaChallengeDto {
    return { mfaRequired: true, mfaToken: c.mfaToken, methods: c.methods, expiresAt: c.expiresAt.toISOString() };
  }
}

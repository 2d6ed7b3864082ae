import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A short-lived second-factor state: a sign-in waiting for its second factor (`sign-in`, found by
 * the keyed hash of its mfaToken), or a WebAuthn challenge (`register`, `assert`, `passwordless`).
 */
export type MfaChallengePurpose = 'sign-in' | 'register' | 'assert' | 'passwordless';

@Entity('mfa_challenges')
@Index('ix_mfa_challenges_user', ['userId', 'purpose'])
@Index('ix_mfa_challenges_expires', ['expiresAt'])
export class MfaChallengeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 20 })
  purpose: MfaChallengePurpose;

  @Index('uq_mfa_challenges_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  tokenHash: string | null;

  /** The WebAuthn challenge (base64url) last issued for this state. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  challenge: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  consumedAt: Date | null;

  @Column({ type: Date })
  createdAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP authenticator: pending until confirmed with a first code. */
@Entity('mfa_totp')
export class TotpFactorEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  /** The base32 secret, sealed with the SecretBox (never stored raw). */
  @Column({ type: 'text' })
  secretSealed: string;

  /** Null while the enrolment waits for its first code. */
  @Column({ type: Date, nullable: true })
  confirmedAt: Date | null;

  /** The last accepted time step: a code of this step or an earlier one is refused (used once). */
  @Column({ type: 'integer', nullable: true })
  lastStep: number | null;

  @Column({ type: Date })
  createdAt: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ContactChannel = 'email' | 'phone';

/**
 * A pending confirmation of a new e-mail or phone: the code is stored only as a keyed hash,
 * expires, and allows a limited number of tries (counted before the check).
 */
@Entity('contact_verifications')
@Index('ix_contact_verifications_user', ['userId', 'channel'])
export class ContactVerificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  channel: ContactChannel;

  /** The e-mail address or E.164 phone to be confirmed. */
  @Column({ type: 'varchar', length: 254 })
  value: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Codes sent while this confirmation was live (the first included); capped to stop code spam. */
  @Column({ type: 'integer', default: 1 })
  sends: number;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date })
  createdAt: Date;

  /** Set when confirmed or replaced by a newer code; a consumed row is never usable again. */
  @Column({ type: Date, nullable: true })
  consumedAt: Date | null;
}

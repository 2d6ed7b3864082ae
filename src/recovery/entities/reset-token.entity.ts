import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A password reset token: stored only as a keyed hash, single use, expiring. */
@Entity('reset_tokens')
@Index('uq_reset_tokens_hash', ['tokenHash'], { unique: true })
@Index('ix_reset_tokens_user', ['userId'])
@Index('ix_reset_tokens_expires', ['expiresAt'])
export class ResetTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  /** The flow that issued it (null for tokens issued by an administrator). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  flowId: string | null;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  usedAt: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}

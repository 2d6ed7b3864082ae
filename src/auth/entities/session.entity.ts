import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A signed-in session; the token itself is never stored, only its keyed hash. */
@Entity('sessions')
@Index('uq_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('ix_sessions_user', ['userId'])
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  /** The User-Agent header sent at sign-in (at most 512 characters). */
  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  /** Last use; written at most once a minute (see security-centre/session-activity.ts). */
  @Column({ type: Date, nullable: true })
  lastSeenAt: Date | null;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An append-only security event. Never holds a password, token, code or date of birth. */
@Entity('audit_events')
@Index('ix_audit_realm_at', ['realmId', 'at'])
@Index('ix_audit_user_at', ['userId', 'at'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 50 })
  type: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  /** The subject's organisation, so org admins see their users' events only. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: Date })
  at: Date;

  /** Orders events recorded within the same millisecond (newest first = at, then seq, descending). */
  @Column({ type: 'integer', default: 0 })
  seq: number;

  @Column({ type: 'simple-json' })
  details: Record<string, unknown>;
}

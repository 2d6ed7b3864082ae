import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AccessRequestStatus = 'open' | 'resolved';
/** Why the user could not recover alone. */
export type AccessRequestReason = 'no_confirmed_contact' | 'cannot_change_password' | 'second_factor_lost';

/** A user who could not restore access alone, waiting for an administrator. */
@Entity('access_requests')
@Index('ix_access_requests_realm_status', ['realmId', 'status', 'createdAt'])
@Index('ix_access_requests_org_status', ['organizationId', 'status'])
@Index('ix_access_requests_user', ['userId', 'status'])
/** At most one open request per user (partial unique index; concurrent openers race on it). */
@Index('uq_access_requests_open_user', ['userId'], { unique: true, where: `"status" = 'open'` })
export class AccessRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 40 })
  reason: AccessRequestReason;

  @Column({ type: 'varchar', length: 10 })
  status: AccessRequestStatus;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  /** When the admins' notices were queued (null: still to do, after the request's transaction). */
  @Column({ type: Date, nullable: true })
  adminsNotifiedAt: Date | null;
}

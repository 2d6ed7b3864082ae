import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One single-use recovery code, kept as a keyed hash only. */
@Entity('mfa_recovery_codes')
@Index('ix_mfa_recovery_codes_user', ['userId'])
export class RecoveryCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: Date, nullable: true })
  usedAt: Date | null;

  @Column({ type: Date })
  createdAt: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FlowKind, FlowState } from '../flow-states';

/**
 * One recovery request and its progress. A decoy flow (unknown account, uniform disclosure) has
 * no user and behaves like a real one whose checks always fail.
 */
@Entity('recovery_flows')
@Index('ix_recovery_flows_user', ['userId', 'createdAt'])
@Index('ix_recovery_flows_subject', ['realmId', 'subjectKey', 'createdAt'])
@Index('ix_recovery_flows_expires', ['expiresAt'])
export class RecoveryFlowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'boolean', default: false })
  decoy: boolean;

  /** Keyed hash of what identified the account (the login): cooldowns and daily limits, decoys included. */
  @Column({ type: 'varchar', length: 64 })
  subjectKey: string;

  @Column({ type: 'varchar', length: 20 })
  kind: FlowKind;

  @Column({ type: 'varchar', length: 20 })
  state: FlowState;

  /** E.164 phone the SMS step uses (a derived one for decoys); null when the SMS step is off. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'integer', default: 0 })
  phoneDigitsFailures: number;

  @Column({ type: 'integer', default: 0 })
  codeAttempts: number;

  @Column({ type: 'integer', default: 0 })
  smsSent: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  codeHash: string | null;

  @Column({ type: Date, nullable: true })
  codeExpiresAt: Date | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: Date })
  expiresAt: Date;
}

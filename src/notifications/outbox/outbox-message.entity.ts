import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** pending → sending (claimed, leased) → sent | failed; a failed attempt goes back to pending. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One notice waiting for (or done with) delivery. Written in the transaction of the change that
 * caused it. `secrets` is AES-GCM sealed JSON and is erased once the message is sent or failed.
 */
@Entity('notification_outbox')
@Index('ix_notification_outbox_due', ['status', 'availableAt'])
@Index('ix_notification_outbox_created', ['createdAt'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 40 })
  notice: string;

  @Column({ type: 'varchar', length: 20 })
  channel: string;

  /** E-mail address or E.164 phone number. */
  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 10 })
  locale: string;

  /** Template values that are not secret. */
  @Column({ type: 'simple-json' })
  params: Record<string, string | number>;

  /** Sealed secrets (SecretBox); null when there were none or once delivered or failed. */
  @Column({ type: 'text', nullable: true })
  secrets: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  /** Attempts started (counted at claim, so a crash mid-send counts too). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When the message is next due: the retry time when pending, the lease's end when sending. */
  @Column({ type: Date })
  availableAt: Date;

  /** Who holds the claim; every update after sending checks it, so a lost lease cannot write. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  /** A short category (`http_503`, `timeout`), never provider text. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;
}

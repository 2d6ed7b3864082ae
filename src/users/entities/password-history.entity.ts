import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Earlier password hashes of a user, for the `history` rule. */
@Entity('password_history')
@Index('ix_password_history_user', ['userId', 'createdAt'])
export class PasswordHistoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: Date })
  createdAt: Date;
}

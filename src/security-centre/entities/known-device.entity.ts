import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A (browser family, OS, network prefix) a user signed in from, as a keyed hash only; the row
 * with key `account` marks that the user has signed in before (never pruned).
 */
@Entity('known_devices')
export class KnownDeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  deviceKey: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: Date })
  firstSeenAt: Date;

  @Column({ type: Date })
  lastSeenAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RealmSettings } from '../realm-settings';

/** An isolated user space (e.g. `demo` and `production`, or one per region). */
@Entity('realms')
export class RealmEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-json' })
  settings: RealmSettings;

  /** ETag of the realm's logo (security-centre), null when it has none; lets pages link it without a read. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  logoEtag: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A store or a school inside a realm; its admins act on its users only. */
@Entity('organizations')
@Index('uq_organizations_realm_slug', ['realmId', 'slug'], { unique: true })
export class OrganizationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 63 })
  slug: string;

  /** Shown to the organisation's users when they must ask for help. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  adminContact: string | null;

  @Column({ type: Date })
  createdAt: Date;
}

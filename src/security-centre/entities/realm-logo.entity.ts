import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A realm's logo, in the database so that every instance serves the same one (base64 text: one schema on SQLite and PostgreSQL). */
@Entity('realm_logos')
export class RealmLogoEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 40 })
  contentType: string;

  @Column({ type: 'varchar', length: 64 })
  etag: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'text' })
  data: string;

  @Column({ type: Date })
  updatedAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signing key (private JWK) or cookie key, sealed with the SecretBox; shared by every instance. */
@Entity('oidc_keys')
export class OidcKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** `signing` or `cookie`. */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'text' })
  sealed: string;

  @Column({ type: Date })
  createdAt: Date;
}

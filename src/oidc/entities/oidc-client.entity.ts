import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An application registered to sign its users in through a realm (an OIDC relying party). */
@Entity('oidc_clients')
@Index('ix_oidc_clients_realm', ['realmId'])
export class OidcClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  clientId: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The client secret sealed with the SecretBox (never stored in plain text); null for public clients. */
  @Column({ type: 'text', nullable: true })
  secretSealed: string | null;

  @Column({ type: 'simple-json' })
  redirectUris: string[];

  @Column({ type: 'simple-json' })
  postLogoutRedirectUris: string[];

  @Column({ type: 'boolean' })
  public: boolean;

  @Column({ type: 'boolean' })
  firstParty: boolean;

  @Column({ type: Date })
  createdAt: Date;
}

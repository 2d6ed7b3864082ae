import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Everything oidc-provider stores (sessions, interactions, grants, codes, tokens), one row per
 * model instance. `key` is `{realmId}:{model}:{id}`, so a realm's provider never sees another's rows.
 */
@Entity('oidc_payloads')
@Index('ix_oidc_payloads_grant', ['grantId'])
@Index('ix_oidc_payloads_uid', ['uid'])
@Index('ix_oidc_payloads_account', ['accountId'])
@Index('ix_oidc_payloads_client', ['clientId'])
@Index('ix_oidc_payloads_expires', ['expiresAt'])
export class OidcPayloadEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 60 })
  model: string;

  /** The provider's payload as JSON (its own tokens are opaque ids; no raw user secret here). */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  grantId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  uid: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  userCode: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  accountId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  clientId: string | null;

  @Column({ type: Date, nullable: true })
  expiresAt: Date | null;

  @Column({ type: Date, nullable: true })
  consumedAt: Date | null;
}

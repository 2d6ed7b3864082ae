import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A WebAuthn credential; it belongs to one user of one realm. */
@Entity('mfa_passkeys')
@Index('ix_mfa_passkeys_user', ['userId'])
export class PasskeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  /** The credential id (base64url) as the authenticator gave it; unique across realms. */
  @Index('uq_mfa_passkeys_credential', { unique: true })
  @Column({ type: 'varchar', length: 512 })
  credentialId: string;

  /** COSE public key, base64url. */
  @Column({ type: 'text' })
  publicKey: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  signCount: number;

  @Column({ type: 'simple-json' })
  transports: string[];

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}

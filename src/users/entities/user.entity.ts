import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type Role = 'user' | 'org_admin' | 'realm_admin';
export const ROLES: readonly Role[] = ['user', 'org_admin', 'realm_admin'];

/** A person who signs in. Logins are unique per realm, case-insensitively (`loginNormalized`). */
@Entity('users')
@Index('uq_users_realm_login', ['realmId', 'loginNormalized'], { unique: true })
@Index('ix_users_realm_email', ['realmId', 'emailNormalized'])
@Index('ix_users_realm_phone', ['realmId', 'phone'])
@Index('ix_users_organization', ['organizationId'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  realmId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 100 })
  login: string;

  @Column({ type: 'varchar', length: 100 })
  loginNormalized: string;

  /** argon2id PHC string (parameters included); null until a password is set. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** When a temporary password stops working (admin reset); null for ordinary passwords. */
  @Column({ type: Date, nullable: true })
  passwordExpiresAt: Date | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  emailNormalized: string | null;

  @Column({ type: 'boolean', default: false })
  emailVerified: boolean;

  /** E.164, e.g. +79533541234. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'boolean', default: false })
  phoneVerified: boolean;

  /** YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  locale: string | null;

  @Column({ type: 'simple-json' })
  roles: Role[];

  @Column({ type: 'simple-json' })
  permissions: string[];

  @Column({ type: 'boolean', default: true })
  canChangeOwnPassword: boolean;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** Has a confirmed second factor (TOTP or passkey); kept by the mfa module with the factors. */
  @Column({ type: 'boolean', default: false })
  mfaEnabled: boolean;

  @Column({ type: 'integer', default: 0 })
  failedLogins: number;

  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;
}

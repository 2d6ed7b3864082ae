import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'realms',
        columns: [c.id(), c.str('slug', 63), c.str('name', 200), c.json('settings'), c.ts('createdAt'), c.ts('updatedAt')],
        indices: [new TableIndex({ name: 'uq_realms_slug', columnNames: ['slug'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'organizations',
        columns: [c.id(), c.ref('realmId'), c.str('name', 200), c.str('slug', 63), c.str('adminContact', 500, true), c.ts('createdAt')],
        indices: [new TableIndex({ name: 'uq_organizations_realm_slug', columnNames: ['realmId', 'slug'], isUnique: true })],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('organizationId', true),
          c.str('login', 100),
          c.str('loginNormalized', 100),
          c.str('passwordHash', 255, true),
          c.ts('passwordExpiresAt', true),
          c.str('email', 254, true),
          c.str('emailNormalized', 254, true),
          c.bool('emailVerified', false),
          c.str('phone', 20, true),
          c.bool('phoneVerified', false),
          c.str('birthDate', 10, true),
          c.str('locale', 10, true),
          c.json('roles'),
          c.json('permissions'),
          c.bool('canChangeOwnPassword', true),
          c.bool('disabled', false),
          c.bool('mustChangePassword', false),
          c.int('failedLogins', 0),
          c.ts('lockedUntil', true),
          c.ts('createdAt'),
          c.ts('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_users_realm_login', columnNames: ['realmId', 'loginNormalized'], isUnique: true }),
          new TableIndex({ name: 'ix_users_realm_email', columnNames: ['realmId', 'emailNormalized'] }),
          new TableIndex({ name: 'ix_users_realm_phone', columnNames: ['realmId', 'phone'] }),
          new TableIndex({ name: 'ix_users_organization', columnNames: ['organizationId'] }),
        ],
        foreignKeys: [
          { columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['organizationId'], referencedTableName: 'organizations', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'password_history',
        columns: [c.id(), c.ref('userId'), c.str('passwordHash', 255), c.ts('createdAt')],
        indices: [new TableIndex({ name: 'ix_password_history_user', columnNames: ['userId', 'createdAt'] })],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [c.id(), c.str('tokenHash', 64), c.ref('userId'), c.ref('realmId'), c.ts('createdAt'), c.ts('expiresAt'), c.ts('revokedAt', true), c.str('ip', 45, true)],
        indices: [
          new TableIndex({ name: 'uq_sessions_token_hash', columnNames: ['tokenHash'], isUnique: true }),
          new TableIndex({ name: 'ix_sessions_user', columnNames: ['userId'] }),
        ],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [c.id(), c.ref('realmId'), c.str('type', 50), c.ref('actorId', true), c.ref('userId', true), c.ref('organizationId', true), c.str('ip', 45, true), c.ts('at'), c.json('details')],
        indices: [
          new TableIndex({ name: 'ix_audit_realm_at', columnNames: ['realmId', 'at'] }),
          new TableIndex({ name: 'ix_audit_user_at', columnNames: ['userId', 'at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_events', 'sessions', 'password_history', 'users', 'organizations', 'realms']) {
      await q.dropTable(table);
    }
  }
}

import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/**
 * Second factor: TOTP authenticators, passkeys, recovery codes, short-lived second-factor states,
 * and `users.mfaEnabled` (kept with the factors, so sign-in and the session guard need no join).
 */
export class SecondFactor1765000000000 implements MigrationInterface {
  name = 'SecondFactor1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const userFk = { columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    const realmFk = { columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    await q.createTable(
      new Table({
        name: 'mfa_totp',
        columns: [c.id('userId'), c.ref('realmId'), c.text('secretSealed'), c.ts('confirmedAt', true), c.int('lastStep', undefined, true), c.ts('createdAt')],
        foreignKeys: [userFk, realmFk],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mfa_passkeys',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('userId'),
          c.str('credentialId', 512),
          c.text('publicKey'),
          { name: 'signCount', type: 'bigint', isNullable: false, default: 0 },
          c.json('transports'),
          c.str('name', 100),
          c.ts('createdAt'),
          c.ts('lastUsedAt', true),
        ],
        indices: [new TableIndex({ name: 'ix_mfa_passkeys_user', columnNames: ['userId'] }), new TableIndex({ name: 'uq_mfa_passkeys_credential', columnNames: ['credentialId'], isUnique: true })],
        foreignKeys: [userFk, realmFk],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mfa_recovery_codes',
        columns: [c.id(), c.ref('realmId'), c.ref('userId'), c.str('codeHash', 64), c.ts('usedAt', true), c.ts('createdAt')],
        indices: [new TableIndex({ name: 'ix_mfa_recovery_codes_user', columnNames: ['userId'] })],
        foreignKeys: [userFk, realmFk],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mfa_challenges',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('userId', true),
          c.str('purpose', 20),
          c.str('tokenHash', 64, true),
          c.str('challenge', 200, true),
          c.int('attempts', 0),
          c.ts('expiresAt'),
          c.ts('consumedAt', true),
          c.ts('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_mfa_challenges_user', columnNames: ['userId', 'purpose'] }),
          new TableIndex({ name: 'ix_mfa_challenges_expires', columnNames: ['expiresAt'] }),
          new TableIndex({ name: 'uq_mfa_challenges_token', columnNames: ['tokenHash'], isUnique: true }),
        ],
        foreignKeys: [userFk, realmFk],
      }),
    );
    const pg = q.connection.driver.options.type === 'postgres';
    await q.query(`ALTER TABLE "users" ADD COLUMN "mfaEnabled" boolean NOT NULL DEFAULT ${pg ? 'false' : '0'}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "mfaEnabled"`);
    await q.dropTable('mfa_challenges');
    await q.dropTable('mfa_recovery_codes');
    await q.dropTable('mfa_passkeys');
    await q.dropTable('mfa_totp');
  }
}

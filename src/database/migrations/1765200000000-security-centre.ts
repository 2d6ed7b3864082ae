import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/**
 * Account security centre and realm branding:
 * - sessions remember the user agent sent at sign-in and when they were last used;
 * - `known_devices`: per user, keyed hashes of (browser family, OS, network prefix) seen at
 *   sign-in, for new-device alerts (pruned after 90 days);
 * - `realm_logos`: one logo per realm, kept in the database so that every instance serves it.
 */
export class SecurityCentre1765200000000 implements MigrationInterface {
  name = 'SecurityCentre1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const ts = c.ts('x').type;
    await q.query(`ALTER TABLE "sessions" ADD COLUMN "userAgent" varchar(512) NULL`);
    await q.query(`ALTER TABLE "sessions" ADD COLUMN "lastSeenAt" ${ts} NULL`);
    await q.query(`UPDATE "sessions" SET "lastSeenAt" = "createdAt"`);
    await q.createTable(
      new Table({
        name: 'known_devices',
        columns: [
          { ...c.ref('userId'), isPrimary: true },
          { ...c.str('deviceKey', 64), isPrimary: true },
          c.ref('realmId'),
          c.ts('firstSeenAt'),
          c.ts('lastSeenAt'),
        ],
        indices: [new TableIndex({ name: 'ix_known_devices_last_seen', columnNames: ['lastSeenAt'] })],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.query(`ALTER TABLE "realms" ADD COLUMN "logoEtag" varchar(64) NULL`);
    await q.createTable(
      new Table({
        name: 'realm_logos',
        columns: [{ ...c.ref('realmId'), isPrimary: true }, c.str('contentType', 40), c.str('etag', 64), c.int('size'), c.text('data'), c.ts('updatedAt')],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('realm_logos');
    await q.query(`ALTER TABLE "realms" DROP COLUMN "logoEtag"`);
    await q.dropTable('known_devices');
    await q.query(`ALTER TABLE "sessions" DROP COLUMN "lastSeenAt"`);
    await q.query(`ALTER TABLE "sessions" DROP COLUMN "userAgent"`);
  }
}

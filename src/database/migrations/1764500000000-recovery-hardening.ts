import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/**
 * Recovery hardening:
 * - `recovery_counters`: race-free cooldown slots and daily caps per account subject (times in
 *   epoch milliseconds, so plain SQL compares them the same way on SQLite and PostgreSQL);
 * - at most one open access request per user (a partial unique index; duplicates left by the
 *   earlier check-then-insert are resolved first), and a mark for the deferred admin notices;
 * - the captcha's PNG, rendered once and dropped with the row when the captcha is spent.
 */
export class RecoveryHardening1764500000000 implements MigrationInterface {
  name = 'RecoveryHardening1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const ts = c.ts('x').type;
    await q.createTable(
      new Table({
        name: 'recovery_counters',
        columns: [{ ...c.str('id', 200), isPrimary: true }, c.ref('realmId'), c.int('count', 0), { name: 'resetAt', type: 'bigint', isNullable: false }],
        indices: [new TableIndex({ name: 'ix_recovery_counters_reset', columnNames: ['resetAt'] })],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.query(
      `UPDATE "access_requests" SET "status" = 'resolved', "resolvedAt" = "createdAt", "note" = 'duplicate of an earlier open request'
       WHERE "status" = 'open' AND EXISTS (
         SELECT 1 FROM "access_requests" "o" WHERE "o"."userId" = "access_requests"."userId" AND "o"."status" = 'open'
           AND ("o"."createdAt" < "access_requests"."createdAt" OR ("o"."createdAt" = "access_requests"."createdAt" AND "o"."id" < "access_requests"."id")))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_access_requests_open_user" ON "access_requests" ("userId") WHERE "status" = 'open'`);
    await q.query(`ALTER TABLE "access_requests" ADD COLUMN "adminsNotifiedAt" ${ts} NULL`);
    await q.query(`UPDATE "access_requests" SET "adminsNotifiedAt" = "createdAt"`);
    await q.query(`CREATE INDEX "ix_access_requests_notify" ON "access_requests" ("adminsNotifiedAt")`);
    await q.query(`ALTER TABLE "captchas" ADD COLUMN "png" text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_access_requests_notify"`);
    await q.query(`DROP INDEX "uq_access_requests_open_user"`);
    await q.query(`ALTER TABLE "access_requests" DROP COLUMN "adminsNotifiedAt"`);
    await q.query(`ALTER TABLE "captchas" DROP COLUMN "png"`);
    await q.dropTable('recovery_counters');
  }
}

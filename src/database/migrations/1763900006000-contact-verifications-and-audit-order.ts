import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/** Contact confirmation codes (verification module) and a tie-breaker for the audit log's order. */
export class ContactVerificationsAndAuditOrder1763900006000 implements MigrationInterface {
  name = 'ContactVerificationsAndAuditOrder1763900006000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'contact_verifications',
        columns: [c.id(), c.ref('realmId'), c.ref('userId'), c.str('channel', 10), c.str('value', 254), c.str('codeHash', 64), c.int('attempts', 0), c.int('sends', 1), c.ts('expiresAt'), c.ts('createdAt'), c.ts('consumedAt', true)],
        indices: [new TableIndex({ name: 'ix_contact_verifications_user', columnNames: ['userId', 'channel'] })],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.addColumn('audit_events', new TableColumn(c.int('seq', 0)));
    await q.createIndex('audit_events', new TableIndex({ name: 'ix_audit_org_at', columnNames: ['organizationId', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_events', 'ix_audit_org_at');
    await q.dropColumn('audit_events', 'seq');
    await q.dropTable('contact_verifications');
  }
}

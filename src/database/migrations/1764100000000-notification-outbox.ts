import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/** The transactional outbox of the notifications module. */
export class NotificationOutbox1764100000000 implements MigrationInterface {
  name = 'NotificationOutbox1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'notification_outbox',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('userId', true),
          c.str('notice', 40),
          c.str('channel', 20),
          c.str('recipient', 320),
          c.str('locale', 10),
          c.json('params'),
          c.text('secrets', true),
          c.str('status', 16),
          c.int('attempts', 0),
          c.ts('availableAt'),
          c.str('leaseToken', 36, true),
          c.str('lastError', 100, true),
          c.str('providerMessageId', 200, true),
          c.ts('createdAt'),
          c.ts('updatedAt'),
          c.ts('sentAt', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_notification_outbox_due', columnNames: ['status', 'availableAt'] }),
          new TableIndex({ name: 'ix_notification_outbox_created', columnNames: ['createdAt'] }),
        ],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_outbox');
  }
}

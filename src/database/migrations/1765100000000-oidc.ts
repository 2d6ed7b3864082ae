import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/** Single sign-on: the provider's storage, registered clients, and the shared keys. */
export class Oidc1765100000000 implements MigrationInterface {
  name = 'Oidc1765100000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'oidc_payloads',
        columns: [
          { ...c.str('key', 300), isPrimary: true },
          c.ref('realmId'),
          c.str('model', 60),
          c.text('payload'),
          c.str('grantId', 200, true),
          c.str('uid', 200, true),
          c.str('userCode', 200, true),
          c.ref('accountId', true),
          c.str('clientId', 100, true),
          c.ts('expiresAt', true),
          c.ts('consumedAt', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_oidc_payloads_grant', columnNames: ['grantId'] }),
          new TableIndex({ name: 'ix_oidc_payloads_uid', columnNames: ['uid'] }),
          new TableIndex({ name: 'ix_oidc_payloads_account', columnNames: ['accountId'] }),
          new TableIndex({ name: 'ix_oidc_payloads_client', columnNames: ['clientId'] }),
          new TableIndex({ name: 'ix_oidc_payloads_expires', columnNames: ['expiresAt'] }),
        ],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'oidc_clients',
        columns: [
          { ...c.str('clientId', 100), isPrimary: true },
          c.ref('realmId'),
          c.str('name', 200),
          c.text('secretSealed', true),
          c.text('redirectUris'),
          c.text('postLogoutRedirectUris'),
          c.bool('public', false),
          c.bool('firstParty', false),
          c.ts('createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_oidc_clients_realm', columnNames: ['realmId'] })],
        foreignKeys: [{ columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'oidc_keys',
        columns: [{ ...c.str('id', 64), isPrimary: true }, c.str('kind', 20), c.text('sealed'), c.ts('createdAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('oidc_keys');
    await q.dropTable('oidc_clients');
    await q.dropTable('oidc_payloads');
  }
}

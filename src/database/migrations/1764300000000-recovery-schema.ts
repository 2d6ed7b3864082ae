import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from '../migration-kit';

/** Captchas, recovery flows, reset tokens and access requests. */
export class RecoverySchema1764300000000 implements MigrationInterface {
  name = 'RecoverySchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const realmFk = { columnNames: ['realmId'], referencedTableName: 'realms', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    const userFk = { columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' };
    await q.createTable(
      new Table({
        name: 'captchas',
        columns: [c.id(), c.ref('realmId'), c.str('answerHash', 64), c.text('svg'), c.ts('createdAt'), c.ts('expiresAt')],
        indices: [new TableIndex({ name: 'ix_captchas_expires', columnNames: ['expiresAt'] })],
        foreignKeys: [realmFk],
      }),
    );
    await q.createTable(
      new Table({
        name: 'recovery_flows',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('userId', true),
          c.bool('decoy', false),
          c.str('subjectKey', 64),
          c.str('kind', 20),
          c.str('state', 20),
          c.str('phone', 20, true),
          c.int('phoneDigitsFailures', 0),
          c.int('codeAttempts', 0),
          c.int('smsSent', 0),
          c.str('codeHash', 64, true),
          c.ts('codeExpiresAt', true),
          c.ts('createdAt'),
          c.ts('updatedAt'),
          c.ts('expiresAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_recovery_flows_user', columnNames: ['userId', 'createdAt'] }),
          new TableIndex({ name: 'ix_recovery_flows_subject', columnNames: ['realmId', 'subjectKey', 'createdAt'] }),
          new TableIndex({ name: 'ix_recovery_flows_expires', columnNames: ['expiresAt'] }),
        ],
        foreignKeys: [realmFk, userFk],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reset_tokens',
        columns: [c.id(), c.ref('realmId'), c.ref('userId'), c.ref('flowId', true), c.str('tokenHash', 64), c.ts('createdAt'), c.ts('expiresAt'), c.ts('usedAt', true), c.ts('revokedAt', true)],
        indices: [
          new TableIndex({ name: 'uq_reset_tokens_hash', columnNames: ['tokenHash'], isUnique: true }),
          new TableIndex({ name: 'ix_reset_tokens_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'ix_reset_tokens_expires', columnNames: ['expiresAt'] }),
        ],
        foreignKeys: [realmFk, userFk, { columnNames: ['flowId'], referencedTableName: 'recovery_flows', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'access_requests',
        columns: [
          c.id(),
          c.ref('realmId'),
          c.ref('userId'),
          c.ref('organizationId', true),
          c.str('reason', 40),
          c.str('status', 10),
          c.ts('createdAt'),
          c.ts('resolvedAt', true),
          c.ref('resolvedBy', true),
          c.str('note', 1000, true),
        ],
        indices: [
          new TableIndex({ name: 'ix_access_requests_realm_status', columnNames: ['realmId', 'status', 'createdAt'] }),
          new TableIndex({ name: 'ix_access_requests_org_status', columnNames: ['organizationId', 'status'] }),
          new TableIndex({ name: 'ix_access_requests_user', columnNames: ['userId', 'status'] }),
        ],
        foreignKeys: [realmFk, userFk],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['access_requests', 'reset_tokens', 'recovery_flows', 'captchas']) await q.dropTable(table);
  }
}

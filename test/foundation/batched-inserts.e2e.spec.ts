import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { insertTogether, withBatchedInserts } from '../../src/common/database/batched-inserts';
import { OutboxMessageEntity } from '../../src/notifications/outbox/outbox-message.entity';
import { createTestApp, TestApp } from '../helpers/test-app';

function event(type: string, id = randomUUID()) {
  return { id, realmId: 'r', type, actorId: null, userId: null, organizationId: null, ip: null, at: new Date(), seq: 1, details: { n: type } };
}

function message(realmId: string, recipient: string): OutboxMessageEntity {
  const now = new Date();
  return { id: randomUUID(), realmId, userId: null, notice: 'reset-link', channel: 'email', recipient, locale: 'ru', params: { ttlSeconds: 60 }, secrets: null, status: 'pending', attempts: 0, availableAt: now, leaseToken: null, lastError: null, providerMessageId: null, createdAt: now, updatedAt: now, sentAt: null } as OutboxMessageEntity;
}

/** Counts the statements the transaction sends (the spy sits under withBatchedInserts). */
function countStatements(m: EntityManager): string[] {
  const runner = m.queryRunner as QueryRunner;
  const sent: string[] = [];
  const query = runner.query;
  runner.query = ((sql: string, ...rest: unknown[]) => {
    sent.push(sql);
    return (query as (...a: unknown[]) => Promise<unknown>).call(runner, sql, ...rest);
  }) as QueryRunner['query'];
  return sent;
}

/** Statements sent through every query runner the data source hands out (until `restore`). */
function statementsOfRunners(dataSource: DataSource): { sent: string[]; restore: () => void } {
  const sent: string[] = [];
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args) => {
    const runner = create(...args);
    const seen = countStatements(runner.manager);
    const release = runner.release.bind(runner);
    runner.release = () => (sent.push(...seen), release());
    return runner;
  };
  return { sent, restore: () => (dataSource.createQueryRunner = create) };
}

describe('withBatchedInserts: inserts of one transaction in one statement', () => {
  let t: TestApp;
  let postgres: boolean;
  let realmId: string;
  before(async () => {
    t = await createTestApp();
    realmId = ((await t.dataSource.query('SELECT id FROM realms LIMIT 1')) as Array<{ id: string }>)[0].id;
    postgres = t.dataSource.options.type === 'postgres';
  });
  after(() => t.close());

  it('writes every gathered row, of several tables, in one statement on PostgreSQL', async () => {
    const a = event('batch.a');
    const b = event('batch.b');
    let sent: string[] = [];
    await t.dataSource.transaction((tx) => {
      sent = countStatements(tx);
      return withBatchedInserts(tx, async (m) => {
        await m.getRepository(AuditEventEntity).insert(a);
        await m.insert(OutboxMessageEntity, message(realmId, 'one@example.test'));
        await m.getRepository(AuditEventEntity).insert(b);
      });
    });
    const inserts = sent.filter((s) => /INSERT/i.test(s));
    assert.equal(inserts.length, postgres ? 1 : 3, inserts.join('\n'));
    const rows = await t.dataSource.getRepository(AuditEventEntity).findBy([{ id: a.id }, { id: b.id }]);
    assert.deepEqual(rows.map((r) => r.type).sort(), ['batch.a', 'batch.b']);
    assert.deepEqual(rows.find((r) => r.id === a.id)?.details, { n: 'batch.a' });
    assert.equal(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ recipient: 'one@example.test' }), 1);
  });

  it('sends what was gathered before any other statement, so a read sees it', async () => {
    const seen = await t.dataSource.transaction((tx) =>
      withBatchedInserts(tx, async (m) => {
        await m.getRepository(AuditEventEntity).insert(event('batch.read'));
        return m.getRepository(AuditEventEntity).countBy({ type: 'batch.read' });
      }),
    );
    assert.equal(seen, 1);
  });

  it('rolls every row back when one of them fails', async () => {
    const taken = event('batch.taken');
    await t.dataSource.getRepository(AuditEventEntity).insert(taken);
    await assert.rejects(
      t.dataSource.transaction((tx) =>
        withBatchedInserts(tx, async (m) => {
          await m.getRepository(AuditEventEntity).update({ id: taken.id }, { type: 'batch.changed' });
          await m.getRepository(AuditEventEntity).insert(event('batch.lost'));
          await m.insert(OutboxMessageEntity, message(realmId, 'lost@example.test'));
          await m.getRepository(AuditEventEntity).insert(event('batch.dup', taken.id));
        }),
      ),
    );
    const repo = t.dataSource.getRepository(AuditEventEntity);
    assert.equal(await repo.countBy({ type: 'batch.lost' }), 0);
    assert.equal((await repo.findOneByOrFail({ id: taken.id })).type, 'batch.taken');
    assert.equal(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ recipient: 'lost@example.test' }), 0);
  });

  it('refuses to run outside a transaction', async () => {
    await assert.rejects(withBatchedInserts(t.dataSource.manager, async () => undefined), /needs a transaction/);
  });

  it('insertTogether: only inserts, as one statement with no transaction on PostgreSQL', async () => {
    const { sent, restore } = statementsOfRunners(t.dataSource);
    const a = event('together.a');
    try {
      await insertTogether(t.dataSource, async (m) => {
        await m.getRepository(AuditEventEntity).insert(a);
        await m.insert(OutboxMessageEntity, message(realmId, 'together@example.test'));
      });
    } finally {
      restore();
    }
    if (postgres) assert.deepEqual(sent.map((x) => x.split(' ')[0]), ['WITH'], sent.join('\n'));
    else assert.equal(sent.filter((x) => /INSERT/i.test(x)).length, 2);
    assert.equal(await t.dataSource.getRepository(AuditEventEntity).countBy({ id: a.id }), 1);
    assert.equal(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ recipient: 'together@example.test' }), 1);
  });

  it("insertTogether: concurrent requests' units go out as one statement; a unit refused for its rows fails alone", async () => {
    const taken = event('group.taken');
    await t.dataSource.getRepository(AuditEventEntity).insert(taken);
    const { sent, restore } = statementsOfRunners(t.dataSource);
    const good = Array.from({ length: 5 }, (_, i) => event(`group.${i}`));
    let outcomes: PromiseSettledResult<string>[];
    try {
      outcomes = await Promise.allSettled([
        ...good.map((e, i) =>
          insertTogether(t.dataSource, async (m) => {
            await m.getRepository(AuditEventEntity).insert(e);
            await m.insert(OutboxMessageEntity, message(realmId, `group${i}@example.test`));
            return e.id;
          }),
        ),
        // The same id as a row already there: this unit's rows are refused, and only this unit's.
        insertTogether(t.dataSource, async (m) => {
          await m.getRepository(AuditEventEntity).insert(event('group.duplicate', taken.id));
          await m.insert(OutboxMessageEntity, message(realmId, 'group-dup@example.test'));
          return 'duplicate';
        }),
      ]);
    } finally {
      restore();
    }
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    assert.equal(await t.dataSource.getRepository(AuditEventEntity).countBy(good.map((e) => ({ id: e.id }))), 5);
    assert.equal(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ recipient: 'group-dup@example.test' }), 0, 'nothing of the refused unit was written');
    for (let i = 0; i < 5; i++) assert.equal(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ recipient: `group${i}@example.test` }), 1);
    // PostgreSQL: the group as one statement (refused for the duplicate), then each unit alone.
    // (SQLite runs each unit in its own transaction; its shared query runner is not counted here.)
    if (postgres) assert.deepEqual(sent.filter((x) => /INSERT/.test(x)).map((x) => (x.match(/INSERT INTO/g) ?? []).length), [12, 2, 2, 2, 2, 2, 2]);
  });

  it('insertTogether: refuses any other statement and writes nothing (PostgreSQL)', async (c) => {
    if (!postgres) return c.skip('on SQLite the work runs as it is, in a transaction');
    await assert.rejects(
      insertTogether(t.dataSource, async (m) => {
        await m.getRepository(AuditEventEntity).insert(event('together.lost'));
        await m.getRepository(AuditEventEntity).countBy({ type: 'together.lost' });
      }),
      /allows only inserts/,
    );
    assert.equal(await t.dataSource.getRepository(AuditEventEntity).countBy({ type: 'together.lost' }), 0);
  });
});

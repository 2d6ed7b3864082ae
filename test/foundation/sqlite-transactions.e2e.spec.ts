import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { createTestApp, TestApp } from '../helpers/test-app';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('overlapping transactions never lose each other\'s writes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  function event(type: string) {
    return { id: randomUUID(), realmId: 'r', type, actorId: null, userId: null, organizationId: null, ip: null, at: new Date(), details: {} };
  }

  it('keeps B\'s committed row and a plain insert when A rolls back afterwards', async () => {
    const repo = t.dataSource.getRepository(AuditEventEntity);
    const a = t.dataSource.transaction(async (m) => {
      await m.getRepository(AuditEventEntity).insert(event('a'));
      await wait(50);
      throw new Error('A fails after B committed');
    });
    await wait(5);
    const b = t.dataSource.transaction(async (m) => {
      await m.getRepository(AuditEventEntity).insert(event('b'));
    });
    const plain = repo.insert(event('plain'));
    await assert.rejects(a, /A fails/);
    await b;
    await plain;
    const types = (await repo.find()).map((e) => e.type).sort();
    assert.deepEqual(types, ['b', 'plain']);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OutboxWorker } from '../../src/notifications/outbox/outbox.worker';
import { VendorApiDouble } from '../fakes/vendor-api.double';
import { TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { NotificationTestKit as Kit } from './notification-test-kit';

const POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
const MESSAGES = 60;

/**
 * Two application instances on one database, each with its own worker, draining the same outbox
 * at the same time against one provider. PostgreSQL claims with FOR UPDATE SKIP LOCKED; SQLite
 * (one process, interleaved at every await) with its conditional UPDATE claim.
 */
describe(`two workers on one ${POSTGRES ? 'PostgreSQL' : 'SQLite'} database`, () => {
  const provider = new VendorApiDouble();
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    await provider.start();
    // A little latency, so both workers are mid-send at once.
    provider.script({ status: 202, delayMs: 15 });
    db = await createTestDatabase();
    const env = { EMAIL_PROVIDER: 'sendgrid', SENDGRID_API_KEY: 'SG.two', SENDGRID_API_URL: provider.url };
    a = await Kit.app(env, { db });
    b = await Kit.app(env, { db });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    await provider.close();
  });

  it('never send one message twice, and send every message', async () => {
    const realmId = await Kit.demoRealmId(a);
    for (let i = 0; i < MESSAGES; i++) await Kit.queue(i % 2 ? a : b, Kit.resetLink(realmId, `user${i}@example.org`, `http://localhost:3000/r?token=${i}`));
    // Both instances' clocks must agree on "now" for both to find the rows due.
    b.clock.set(a.clock.now());
    const [fromA, fromB] = await Promise.all([a.get(OutboxWorker).drain(), b.get(OutboxWorker).drain()]);

    const recipients = provider.requests.map((r) => JSON.parse(r.body).personalizations[0].to[0].email as string);
    assert.equal(recipients.length, MESSAGES, 'one provider call per message');
    assert.equal(new Set(recipients).size, MESSAGES, 'no recipient got a message twice');
    assert.equal(fromA + fromB, MESSAGES, 'each message claimed by exactly one worker');
    assert.ok(fromA > 0 && fromB > 0, `both workers took a share (a=${fromA}, b=${fromB})`);
    const rows = await Kit.rows(a);
    assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.secrets === null));
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '../../src/audit/entities/audit-event.entity';
import { Notifications } from '../../src/notifications/notifications.port';
import { OutboxMessageEntity } from '../../src/notifications/outbox/outbox-message.entity';
import { OutboxStore } from '../../src/notifications/outbox/outbox.store';
import { OutboxWorker } from '../../src/notifications/outbox/outbox.worker';
import { RealmsService } from '../../src/realms/realms.service';
import { VendorApiDouble } from '../fakes/vendor-api.double';
import { deliveredMessages, linkIn } from '../helpers/delivered-messages';
import { TestApp } from '../helpers/test-app';
import { NotificationTestKit as Kit } from './notification-test-kit';

const DB = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const LINK = 'http://localhost:3000/realms/demo/reset-password?token=' + 'T'.repeat(43);
const SID = 'AC' + '0123456789abcdef'.repeat(2);
const FIVE_MINUTES = 5 * 60_000;

describe(`outbox with the log provider (${DB})`, () => {
  let t: TestApp;
  let realmId: string;
  before(async () => {
    t = await Kit.app();
    realmId = await Kit.demoRealmId(t);
  });
  after(() => t.close());

  it('writes a notice in the caller’s transaction: rolled back, it is never sent; committed, it is', async () => {
    await assert.rejects(
      t.dataSource.transaction(async (m) => {
        await t.get(Notifications).queue(Kit.resetLink(realmId, 'rolled-back@example.org', LINK), m);
        throw new Error('the use case failed after queueing');
      }),
      /use case failed/,
    );
    await t.dataSource.transaction((m) => t.get(Notifications).queue(Kit.resetLink(realmId, 'committed@example.org', LINK), m));
    const rows = await Kit.rows(t);
    assert.deepEqual(rows.map((r) => r.recipient), ['committed@example.org']);
    assert.deepEqual((await deliveredMessages(t, { to: 'rolled-back@example.org' })).length, 0);
    assert.equal((await deliveredMessages(t, { to: 'committed@example.org' })).length, 1);
  });

  it('seals secrets at rest, renders in the recipient’s locale, and erases the secrets once sent', async () => {
    await Kit.queue(t, Kit.resetLink(realmId, 'ann@example.org', LINK, 'ru'));
    const [queued] = (await Kit.rows(t)).filter((r) => r.recipient === 'ann@example.org');
    assert.equal(queued.status, 'pending');
    assert.ok(queued.secrets && !queued.secrets.includes('TTTT') && !queued.secrets.includes('token'), 'no raw secret in the row');
    const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM notification_outbox'));
    assert.ok(!raw.includes('T'.repeat(43)), 'no raw secret anywhere in the table');

    const [mail] = await deliveredMessages(t, { to: 'ann@example.org', notice: 'reset-link' });
    assert.equal(mail.locale, 'ru');
    assert.equal(linkIn(mail), LINK);
    assert.match(mail.text, /действительна в течение 1 часа/);
    assert.match(mail.subject!, /Восстановление пароля/);

    const sent = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ id: queued.id });
    assert.equal(sent.status, 'sent');
    assert.equal(sent.secrets, null);
    assert.ok(sent.sentAt);
    assert.ok((await Kit.metric(t, 'notifications_sent_total{channel="email"}')) >= 1);
    assert.equal(await Kit.metric(t, 'notifications_queued'), 0);
  });

  it('delivers SMS through the SMS channel and never twice', async () => {
    await Kit.queue(t, { realmId, notice: 'confirmation-code', channel: 'sms', to: '+79533541234', locale: 'en', params: { ttlSeconds: 300 }, secrets: { code: '482913' } });
    const sms = await deliveredMessages(t, { to: '+79533541234' });
    assert.equal(sms.length, 1);
    assert.equal(sms[0].channel, 'sms');
    assert.match(sms[0].text, /confirmation code 482913/);
    t.clock.advance(60 * 60_000);
    assert.equal((await deliveredMessages(t, { to: '+79533541234' })).length, 1);
  });

  it('refuses a malformed notice request loudly, inside the caller’s transaction', async () => {
    await assert.rejects(t.get(Notifications).queue({ ...Kit.resetLink(realmId, '', LINK), notice: 'nope' as never }), /unknown notice "nope".*`to`/);
  });
});

describe(`delivery through provider APIs: retries, failures, leases (${DB})`, () => {
  const sendgrid = new VendorApiDouble();
  const twilio = new VendorApiDouble();
  let t: TestApp;
  let realmId: string;
  before(async () => {
    await sendgrid.start();
    await twilio.start();
    t = await Kit.app({
      EMAIL_PROVIDER: 'sendgrid',
      SENDGRID_API_KEY: 'SG.e2e',
      SENDGRID_API_URL: sendgrid.url,
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'tw-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: twilio.url,
      NOTIFY_MAX_ATTEMPTS: '4',
      NOTIFY_RETRY_BASE_MS: '1000',
      NOTIFY_TIMEOUT_MS: '300',
    });
    realmId = await Kit.demoRealmId(t);
  });
  after(async () => {
    await t.close();
    await sendgrid.close();
    await twilio.close();
  });
  beforeEach(async () => {
    sendgrid.requests.length = 0;
    twilio.requests.length = 0;
    await t.dataSource.getRepository(OutboxMessageEntity).clear();
  });

  const worker = () => t.get(OutboxWorker);
  const row = async () => (await Kit.rows(t))[0];

  it('retries a provider outage (503, then 429) with backoff and delivers exactly once', async () => {
    sendgrid.script({ status: 503 }, { status: 429 }, { status: 202, headers: { 'X-Message-Id': 'sg-1' } });
    await Kit.queue(t, Kit.resetLink(realmId, 'bob@example.org', LINK));

    await worker().runOnce();
    assert.equal(sendgrid.requests.length, 1);
    let r = await row();
    assert.deepEqual([r.status, r.attempts, r.lastError], ['pending', 1, 'http_503']);
    const wait = r.availableAt.getTime() - t.clock.now().getTime();
    assert.ok(wait >= 500 && wait <= 1000, `first retry after 0.5–1 s (jittered base), got ${wait}`);
    assert.ok(r.secrets, 'secrets kept while a retry is pending');

    await worker().drain();
    assert.equal(sendgrid.requests.length, 1, 'not before its time');

    t.clock.advance(1000);
    await worker().drain();
    assert.equal(sendgrid.requests.length, 2);
    r = await row();
    assert.deepEqual([r.status, r.attempts, r.lastError], ['pending', 2, 'http_429']);
    const wait2 = r.availableAt.getTime() - t.clock.now().getTime();
    assert.ok(wait2 >= 1000 && wait2 <= 2000, `second retry after 1–2 s, got ${wait2}`);

    t.clock.advance(2000);
    await worker().drain();
    r = await row();
    assert.deepEqual([r.status, r.attempts, r.secrets, r.providerMessageId], ['sent', 3, null, 'sg-1']);

    t.clock.advance(24 * 3600_000);
    await worker().drain();
    assert.equal(sendgrid.requests.length, 3, 'after the 2xx it is never sent again');
    const bodies = sendgrid.requests.map((q) => JSON.parse(q.body).personalizations[0].to[0].email);
    assert.deepEqual(bodies, ['bob@example.org', 'bob@example.org', 'bob@example.org']);
  });

  it('fails at once on a 4xx that retrying cannot fix: audit event, metric, secrets erased', async () => {
    sendgrid.script({ status: 400, body: { errors: [{ message: 'bad to' }] } });
    const failedBefore = await Kit.metric(t, 'notifications_failed_total{channel="email"}');
    await Kit.queue(t, { ...Kit.resetLink(realmId, 'carol@example.org', LINK), userId: '11111111-1111-4111-8111-111111111111' });
    await worker().drain();
    t.clock.advance(3600_000);
    await worker().drain();
    assert.equal(sendgrid.requests.length, 1);
    const r = await row();
    assert.deepEqual([r.status, r.attempts, r.secrets, r.lastError], ['failed', 1, null, 'http_400']);
    assert.equal(await Kit.metric(t, 'notifications_failed_total{channel="email"}'), failedBefore + 1);
    const events = await t.dataSource.getRepository(AuditEventEntity).find({ where: { type: 'notice.failed', userId: '11111111-1111-4111-8111-111111111111' } });
    assert.equal(events.length, 1);
    assert.equal(events[0].realmId, realmId);
    assert.deepEqual(events[0].details, { messageId: r.id, notice: 'reset-link', channel: 'email', attempts: 1, reason: 'http_400' });
    assert.ok(!JSON.stringify(events[0]).includes('TTTT'), 'no secret in the audit trail');
  });

  it('gives up after NOTIFY_MAX_ATTEMPTS provider errors', async () => {
    twilio.script({ status: 500, body: { code: 20500, message: 'Internal', status: 500 } });
    await Kit.queue(t, { realmId, notice: 'confirmation-code', channel: 'sms', to: '+79530000001', locale: 'ru', params: { ttlSeconds: 300 }, secrets: { code: '123456' } });
    for (let i = 0; i < 10; i++) {
      await worker().drain();
      t.clock.advance(FIVE_MINUTES);
    }
    assert.equal(twilio.requests.length, 4);
    const r = await row();
    assert.deepEqual([r.status, r.attempts, r.secrets, r.lastError], ['failed', 4, null, 'http_500']);
    assert.equal((await t.dataSource.getRepository(AuditEventEntity).find({ where: { type: 'notice.failed' } })).filter((e) => e.details.messageId === r.id).length, 1);
    assert.ok((await Kit.metric(t, 'notifications_failed_total{channel="sms"}')) >= 1);
  });

  it('retries after NOTIFY_TIMEOUT_MS when the provider does not answer', async () => {
    twilio.script({ status: 201, body: { sid: 'SMlate' }, delayMs: 1500 }, { status: 201, body: { sid: 'SMok' } });
    await Kit.queue(t, { realmId, notice: 'password-changed', channel: 'sms', to: '+79530000002', locale: 'en' });
    const started = Date.now();
    await worker().runOnce();
    assert.ok(Date.now() - started < 1200, 'the worker stops waiting at the timeout');
    let r = await row();
    assert.deepEqual([r.status, r.lastError], ['pending', 'timeout']);
    t.clock.advance(FIVE_MINUTES);
    await worker().drain();
    r = await row();
    assert.deepEqual([r.status, r.providerMessageId], ['sent', 'SMok']);
  });

  it('leaves a message claimed by a crashed worker alone until its lease ends, then delivers it', async () => {
    sendgrid.script({ status: 202 });
    await Kit.queue(t, Kit.resetLink(realmId, 'dave@example.org', LINK));
    const leaseUntil = new Date(t.clock.now().getTime() + 300 + 60_000);
    const claimed = await t.get(OutboxStore).claimDue(t.clock.now(), 10, leaseUntil, 'a-worker-that-then-crashed');
    assert.equal(claimed.length, 1);
    await worker().drain();
    assert.equal(sendgrid.requests.length, 0);
    t.clock.advance(61_000);
    await worker().drain();
    assert.equal(sendgrid.requests.length, 1);
    const r = await row();
    assert.deepEqual([r.status, r.attempts], ['sent', 2]);
  });
});

@Controller('test-fixtures')
class QueueFixtureController {
  constructor(
    private readonly notifications: Notifications,
    private readonly dataSource: DataSource,
    private readonly realms: RealmsService,
  ) {}

  /** Stands in for a use case: changes data and queues a notice in one transaction. */
  @Post('notice')
  @HttpCode(202)
  async queue(): Promise<{ queued: true }> {
    const realm = await this.realms.findBySlug('demo');
    await this.dataSource.transaction((m) => this.notifications.queue(Kit.resetLink(realm!.id, 'erin@example.org', LINK), m));
    return { queued: true };
  }
}

@Module({ controllers: [QueueFixtureController] })
class QueueFixtureModule {}

describe(`the background worker (${DB})`, () => {
  const sendgrid = new VendorApiDouble();
  let t: TestApp;
  before(async () => {
    await sendgrid.start();
    t = await Kit.app(
      { EMAIL_PROVIDER: 'sendgrid', SENDGRID_API_KEY: 'SG.bg', SENDGRID_API_URL: sendgrid.url, NOTIFY_TIMEOUT_MS: '5000' },
      { pollIntervalMs: 50, extraModules: [QueueFixtureModule] },
    );
  });
  after(async () => {
    await t.close();
    await sendgrid.close();
  });

  it('delivers on its own, and the request that queued the notice never waits for the provider', async () => {
    sendgrid.script({ status: 202, delayMs: 1500 });
    const started = Date.now();
    await t.http().post('/test-fixtures/notice').expect(202);
    assert.ok(Date.now() - started < 700, `answered in ${Date.now() - started} ms while the provider takes 1.5 s`);
    const deadline = Date.now() + 5000;
    while ((await Kit.rows(t))[0]?.status !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [r] = await Kit.rows(t);
    assert.equal(r.status, 'sent');
    assert.equal(sendgrid.requests.length, 1);
  });
});

describe(`the background worker catching up with a backlog (${DB})`, () => {
  const sendgrid = new VendorApiDouble();
  const POLL_MS = 3000;
  let t: TestApp;
  before(async () => {
    await sendgrid.start();
    t = await Kit.app({ EMAIL_PROVIDER: 'sendgrid', SENDGRID_API_KEY: 'SG.bg', SENDGRID_API_URL: sendgrid.url }, { pollIntervalMs: POLL_MS });
  });
  after(async () => {
    await t.close();
    await sendgrid.close();
  });

  it('delivers more than a batch (10) in one poll interval: passes follow each other while they find full batches', async () => {
    const started = Date.now();
    const realmId = await Kit.demoRealmId(t);
    for (let i = 0; i < 35; i++) await Kit.queue(t, Kit.resetLink(realmId, `backlog${i}@example.org`, LINK));
    const deadline = started + POLL_MS * 4;
    while ((await Kit.rows(t)).some((r) => r.status !== 'sent') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const rows = await Kit.rows(t);
    assert.deepEqual([...new Set(rows.map((r) => r.status))], ['sent']);
    assert.equal(sendgrid.requests.length, 35, 'each once');
    // The first tick comes POLL_MS after start; one pass a tick would need four ticks.
    assert.ok(Date.now() - started < POLL_MS * 2, `all 35 sent ${Date.now() - started} ms after start, before the second tick`);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/load-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { VendorApiDouble } from '../fakes/vendor-api.double';
import { ChildServer } from '../helpers/child-server';
import { TEST_ADMIN } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

const API = '/api/v1/realms/demo';

/** The outbox rows as the database holds them (read beside the service, not through it). */
async function outboxRows(db: TestDatabase): Promise<Array<{ status: string; attempts: number }>> {
  const ds = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: db.url }).database));
  await ds.initialize();
  try {
    return (await ds.query('SELECT status, attempts FROM notification_outbox')) as Array<{ status: string; attempts: number }>;
  } finally {
    await ds.destroy();
  }
}

/** Signs the admin in and asks for an e-mail confirmation code: one notice in the outbox. */
async function queueNotice(server: ChildServer, email: string): Promise<void> {
  const login = await fetch(`${server.url}${API}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: TEST_ADMIN.login, password: TEST_ADMIN.password }) });
  assert.equal(login.status, 200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${server.url}${API}/me/contacts/email`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ email }) });
  assert.equal(res.status, 202);
}

async function eventually(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', () => done(true));
  });
}

describe('stopping and crashing the service (node dist/src/main.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ars-lifecycle-'));
  let sendgrid: VendorApiDouble;
  let db: TestDatabase;
  const env = () => ({
    DATABASE_URL: db.url,
    APP_SECRET: 'lifecycle-secret-lifecycle-secret-0123456789',
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
    EMAIL_PROVIDER: 'sendgrid',
    SENDGRID_API_KEY: 'SG.lifecycle',
    SENDGRID_API_URL: sendgrid.url,
  });

  before(async () => {
    sendgrid = await new VendorApiDouble().start();
  });
  after(async () => {
    await ChildServer.killAll();
    await sendgrid.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, finishes the request in flight and the message being sent, and exits 0', async () => {
    db = await createTestDatabase();
    try {
      sendgrid.script({ status: 202, delayMs: 1500 });
      const server = await ChildServer.start(env(), dir);
      await queueNotice(server, 'term@example.org');
      await eventually(() => sendgrid.requests.length === 1);

      // A request in flight: its body is only half sent when the signal arrives.
      const body = JSON.stringify({ login: TEST_ADMIN.login, password: 'not the password at all' });
      const answered = new Promise<number>((done, fail) => {
        const req = request(`${server.url}${API}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.write(body.slice(0, 10));
        setTimeout(() => req.end(body.slice(10)), 700);
      });
      await new Promise((r) => setTimeout(r, 200));
      server.kill('SIGTERM');
      await eventually(() => refusesConnections(server.port), 2000);

      assert.equal(await answered, 401);
      const exit = await server.exited;
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.ok(server.lines.some((l) => l.msg === 'stopped'));
      assert.deepEqual(await outboxRows(db), [{ status: 'sent', attempts: 1 }]);
    } finally {
      await db.drop();
    }
  });

  it('after SIGKILL during a provider call, the restarted service delivers the message once its lease ends', async () => {
    db = await createTestDatabase();
    try {
      sendgrid.requests.length = 0;
      // The first call never gets its answer (the process dies); later ones are accepted.
      sendgrid.script({ status: 202, delayMs: 60_000 }, { status: 202 });
      const lease = { NOTIFY_TIMEOUT_MS: '1000', NOTIFY_LEASE_MS: '3000' };
      const first = await ChildServer.start({ ...env(), ...lease }, dir);
      await queueNotice(first, 'kill@example.org');
      await eventually(() => sendgrid.requests.length === 1);
      const killedAt = Date.now();
      first.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const second = await ChildServer.start({ ...env(), ...lease }, dir);
      await eventually(async () => (await outboxRows(db))[0]?.status === 'sent');
      assert.ok(Date.now() - killedAt >= 2000, 'not before the lease ended');
      // One more poll interval and then some: nothing is sent again.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(sendgrid.requests.length, 2, 'the interrupted call and one delivery');
      assert.deepEqual(await outboxRows(db), [{ status: 'sent', attempts: 2 }]);
      second.kill('SIGTERM');
      assert.equal((await second.exited).code, 0);
    } finally {
      await db.drop();
    }
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { RequestAuth } from '../../common/http/app-request';
import { AppLogger } from '../../common/logging/app-logger';
import { createLogger } from '../../common/logging/logger';
import type { AppConfig } from '../../config/app-config';
import type { UserEntity } from '../../users/entities/user.entity';
import { SessionCache } from './session-cache';

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const AUTH: RequestAuth = { sessionId: 's1', expiresAt: new Date(Date.now() + 3600_000), user: { id: 'u1', realmId: 'r1' } as UserEntity };

/** A SQLite database in memory with the two tables the watch cares about. */
async function database(): Promise<DataSource> {
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  await ds.initialize();
  await ds.query('CREATE TABLE "users" ("id" varchar PRIMARY KEY, "disabled" boolean NOT NULL DEFAULT 0, "locale" varchar, "failedLogins" integer NOT NULL DEFAULT 0)');
  await ds.query('CREATE TABLE "sessions" ("id" varchar PRIMARY KEY, "revokedAt" datetime)');
  await ds.query(`INSERT INTO "users" ("id") VALUES ('u1'), ('u2')`);
  await ds.query(`INSERT INTO "sessions" ("id") VALUES ('s1'), ('s2')`);
  return ds;
}

/** The JSON lines a logger writes at level warn and above. */
function recordingLogger(): { logger: AppLogger; warnings: Array<{ msg: string; statement?: string; reason?: string }> } {
  const warnings: Array<{ msg: string; statement?: string; reason?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { level: string; msg: string; statement?: string; reason?: string };
        if (entry.level === 'warn') warnings.push(entry);
      }
      done();
    },
  });
  return { logger: new AppLogger(createLogger('warn', sink)), warnings };
}

function config(prefix: string): AppConfig {
  return { redisUrl: REDIS_TEST_URL, redisKeyPrefix: prefix, sessionCache: { enabled: true, maxEntries: 100 } } as unknown as AppConfig;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), what);
}

describe('SessionCache: announced and unannounced writes', { skip: REDIS_TEST_URL ? false : 'set REDIS_TEST_URL to run against Redis' }, () => {
  const prefix = `unit-${randomBytes(6).toString('hex')}:`;
  let ds: DataSource;
  let otherDs: DataSource;
  /** The instance whose writes are watched. */
  let writer: SessionCache;
  /** Another instance, holding a cached session. */
  let other: SessionCache;
  let warnings: Array<{ msg: string; statement?: string; reason?: string }>;
  const notAnnounced = () => warnings.filter((w) => /not announced/.test(w.msg));
  /** True while the other instance still answers from its cache. */
  const otherHolds = () => other.get('h1') !== undefined;

  before(async () => {
    ds = await database();
    otherDs = await database();
    const recording = recordingLogger();
    warnings = recording.warnings;
    writer = new SessionCache(config(prefix), ds, recording.logger);
    other = new SessionCache(config(prefix), otherDs, recordingLogger().logger);
    await writer.onModuleInit();
    await other.onModuleInit();
    await until(() => other.usable && writer.usable, 'the invalidation channel comes up');
  });
  after(async () => {
    await writer?.onModuleDestroy();
    await other?.onModuleDestroy();
    await ds?.destroy();
    await otherDs?.destroy();
  });
  beforeEach(async () => {
    await other.load('h1', async () => AUTH);
    assert.ok(otherHolds(), 'the other instance caches the session');
  });

  it('an unannounced write still flushes every instance, after its commit, and is reported once per statement shape without its values', async () => {
    await ds.query(`UPDATE "users" SET "disabled" = 1 WHERE "id" = 'u1'`);
    await until(() => !otherHolds(), 'the other instance dropped the session');
    assert.equal(notAnnounced().length, 1);
    assert.equal(notAnnounced()[0].statement, 'UPDATE "users" SET "disabled" = ? WHERE "id" = ?');
    assert.equal(notAnnounced()[0].reason, 'no announcement');
    assert.doesNotMatch(JSON.stringify(warnings), /u1/);

    // The same shape with other values, in a transaction: flushed once committed, not reported again.
    await other.load('h1', async () => AUTH);
    await ds.transaction(async (m) => {
      await m.query(`UPDATE "users" SET "disabled" = 0 WHERE "id" = 'u2'`);
    });
    await until(() => !otherHolds(), 'the other instance dropped the session after the commit');
    assert.equal(notAnnounced().length, 1, 'one warning per shape');

    // Another shape is another warning.
    await other.load('h1', async () => AUTH);
    await ds.query(`UPDATE "sessions" SET "revokedAt" = '2026-01-01' WHERE "id" IN ('s1', 's2')`);
    await until(() => !otherHolds(), 'a revocation flushes too');
    assert.equal(notAnnounced().length, 2);
    assert.equal(notAnnounced()[1].statement, 'UPDATE "sessions" SET "revokedAt" = ? WHERE "id" IN (?, …)');
  });

  it('an announced unit flushes every instance once its transaction has committed, and nothing is reported', async () => {
    const before = notAnnounced().length;
    const result = await writer.invalidating(() =>
      ds.transaction(async (m) => {
        await m.query(`UPDATE "users" SET "locale" = 'en' WHERE "id" = 'u1'`);
        // Nested announcements (a service inside a use case) join the outer unit.
        await writer.invalidating(() => m.query(`UPDATE "sessions" SET "revokedAt" = '2026-01-02' WHERE "id" = 's1'`));
        return 'done';
      }),
    );
    assert.equal(result, 'done');
    await until(() => !otherHolds(), 'the other instance dropped the session');
    assert.equal(notAnnounced().length, before);
  });

  it('an announced unit publishes even when it failed part-way', async () => {
    await assert.rejects(
      writer.invalidating(async () => {
        await ds.query(`UPDATE "users" SET "locale" = 'ru' WHERE "id" = 'u1'`);
        throw new Error('later step failed');
      }),
      /later step failed/,
    );
    await until(() => !otherHolds(), 'the other instance dropped the session');
  });

  it('an announcement inside a transaction that began outside it does not cover the write: flushed after the commit, and reported', async () => {
    const before = notAnnounced().length;
    await ds.transaction(async (m) => {
      await writer.invalidating(() => m.query(`UPDATE "users" SET "disabled" = 1 WHERE "id" = 'u2'`));
      // Published early by the unit; reloaded here, it must be dropped again once the commit happens.
      await until(() => !otherHolds(), 'the unit published');
      await other.load('h1', async () => AUTH);
    });
    await until(() => !otherHolds(), 'the other instance dropped the session after the commit');
    assert.equal(notAnnounced().length, before + 1);
    assert.equal(notAnnounced().at(-1)!.reason, 'in a transaction that began outside the announcement');
  });

  it('writes a session check neither reads nor returns flush nothing and report nothing', async () => {
    const before = warnings.length;
    await ds.query(`UPDATE "users" SET "failedLogins" = "failedLogins" + 1 WHERE "id" = 'u1'`);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(otherHolds());
    assert.equal(warnings.length, before);
  });
});

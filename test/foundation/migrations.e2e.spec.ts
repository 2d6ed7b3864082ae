import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { loadConfig } from '../../src/config/load-config';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

describe(`migrations (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let db: TestDatabase;
  let ds: DataSource;
  before(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: db.url }).database));
    await ds.initialize();
  });
  after(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('run up on an empty database, create every table, and leave nothing pending', async () => {
    const ran = await ds.runMigrations();
    assert.ok(ran.length >= 1);
    assert.equal(await ds.showMigrations(), false);
    for (const table of ['realms', 'organizations', 'users', 'password_history', 'sessions', 'audit_events']) {
      assert.equal(await ds.createQueryRunner().hasTable(table), true, table);
    }
  });

  it('give the entities a schema they can use: round-trip of dates, booleans and JSON', async () => {
    const now = new Date('2026-03-01T12:34:56.789Z');
    await ds.query('DELETE FROM realms');
    await ds.getRepository('RealmEntity').insert({ id: '00000000-0000-4000-8000-000000000001', slug: 'x', name: 'X', settings: { preset: 'school' }, createdAt: now, updatedAt: now });
    const row = await ds.getRepository('RealmEntity').findOneByOrFail({ slug: 'x' });
    assert.equal((row.createdAt as Date).toISOString(), now.toISOString());
    assert.deepEqual(row.settings, { preset: 'school' });
  });

  it('round-trip a user: booleans, nullable dates and JSON arrays', async () => {
    const now = new Date('2026-03-01T12:34:56.789Z');
    const users = ds.getRepository('UserEntity');
    await users.insert({
      id: '00000000-0000-4000-8000-000000000002', realmId: '00000000-0000-4000-8000-000000000001', organizationId: null, login: 'Ann', loginNormalized: 'ann',
      passwordHash: null, passwordExpiresAt: null, email: null, emailNormalized: null, emailVerified: true, phone: null, phoneVerified: false, birthDate: '2010-05-04',
      locale: 'ru', roles: ['user', 'org_admin'], permissions: [], canChangeOwnPassword: false, disabled: false, mustChangePassword: true, failedLogins: 3,
      lockedUntil: new Date('2026-03-01T13:00:00.000Z'), createdAt: now, updatedAt: now,
    });
    const u = await users.findOneByOrFail({ loginNormalized: 'ann' });
    assert.equal(u.emailVerified, true);
    assert.equal(u.phoneVerified, false);
    assert.equal(u.canChangeOwnPassword, false);
    assert.equal(u.mustChangePassword, true);
    assert.equal(u.passwordExpiresAt, null);
    assert.equal((u.lockedUntil as Date).toISOString(), '2026-03-01T13:00:00.000Z');
    assert.deepEqual(u.roles, ['user', 'org_admin']);
    assert.equal(u.failedLogins, 3);
    const later = await users.createQueryBuilder('u').where('u.lockedUntil > :t', { t: new Date('2026-03-01T12:59:59.000Z') }).getCount();
    assert.equal(later, 1);
  });

  it('run down to nothing and up again', async () => {
    const count = (await ds.query('SELECT COUNT(*) AS n FROM migrations'))[0].n;
    for (let i = 0; i < Number(count); i++) await ds.undoLastMigration();
    assert.equal(await ds.createQueryRunner().hasTable('users'), false);
    await ds.runMigrations();
    assert.equal(await ds.createQueryRunner().hasTable('users'), true);
  });
});

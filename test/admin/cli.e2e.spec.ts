import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStaffAccountUseCase } from '../../src/admin/use-cases/create-staff-account.use-case';
import { ImportUsersUseCase } from '../../src/admin/use-cases/import-users.use-case';
import { DomainError } from '../../src/common/errors/domain-error';
import { RealmsService } from '../../src/realms/realms.service';
import { UsersService } from '../../src/users/users.service';
import { createUser, loginAs } from '../helpers/fixtures';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { storedAuditEvents } from '../helpers/admin-world';

const CLASS_LIST = [
  'login;email;phone;birthDate;locale;organization;password;lastName',
  'ivanov.ivan;ivan@example.org;+7 953 354-12-34;2011-04-01;ru;school-5-7b;;Иванов',
  'petrova.anna;anna@example.org;8 953 354 12 35;2011-13-01;de;school-5-7b;;Петрова',
  'IVANOV.IVAN;;;;;;;Иванов-второй',
  'taken.login;;;;;;;',
  'sidorov.petr;;;;;nowhere;;Сидоров',
  'kuznetsova.maria;maria@example.org;;2010-12-31;en;;a long enough passphrase 9;Кузнецова',
  'weak.password;;;;;;short;',
  ';no-login@example.org;;;;;;',
  '"smirnov, ""the third""";;;;;;;',
].join('\r\n');

describe('staff accounts from the command line', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('refuses an e-mail that is not one and creates nothing', async () => {
    await assert.rejects(
      t.get(CreateStaffAccountUseCase).execute({ realm: 'demo', login: 'support.bad.mail', role: 'realm_admin', email: 'not an address' }),
      (e: unknown) => e instanceof DomainError && e.code === 'validation_failed',
    );
    const realmId = (await t.get(RealmsService).findBySlug('demo'))!.id;
    assert.equal(await t.get(UsersService).findByLogin(realmId, 'support.bad.mail'), null);
    const { user } = await t.get(CreateStaffAccountUseCase).execute({ realm: 'demo', login: 'support.mail', role: 'realm_admin', email: ' support@example.org ' });
    assert.equal(user.email, 'support@example.org');
  });
});

describe('CSV import of a class list', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    const realm = (await t.get(RealmsService).findBySlug('demo'))!;
    await t.get(RealmsService).createOrganization(realm.id, { name: 'School 5, 7B', slug: 'school-5-7b' });
    await createUser(t, { login: 'taken.login' });
  });
  after(() => t.close());

  it('checks every row on its own, creates the good ones and reports each bad one with its reasons', async () => {
    const dry = await t.get(ImportUsersUseCase).execute(CLASS_LIST, { realm: 'demo', dryRun: true });
    assert.equal(dry.created.length, 2);
    assert.equal(await t.get(UsersService).findByLogin((await t.get(RealmsService).findBySlug('demo'))!.id, 'ivanov.ivan'), null, 'a dry run creates nothing');

    const report = await t.get(ImportUsersUseCase).execute(CLASS_LIST, { realm: 'demo' });
    assert.deepEqual(report.ignoredColumns, ['lastName']);
    assert.deepEqual(report.created.map((c) => [c.row, c.login]), [[2, 'ivanov.ivan'], [7, 'kuznetsova.maria']]);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.row, r.reasons.join(' | ')]));
    assert.deepEqual(Object.keys(reasons).map(Number), [3, 4, 5, 6, 8, 9, 10]);
    assert.match(reasons[3], /phone is not valid/);
    assert.match(reasons[3], /date of birth/);
    assert.match(reasons[3], /locale must be one of ru, en/);
    assert.match(reasons[4], /appears earlier in the file/);
    assert.match(reasons[5], /login is taken/);
    assert.match(reasons[6], /organisation "nowhere" does not exist/);
    assert.match(reasons[8], /password breaks the policy: min_length/);
    assert.match(reasons[9], /login is missing/);
    assert.match(reasons[10], /login has spaces/);

    const realmId = (await t.get(RealmsService).findBySlug('demo'))!.id;
    const ivan = (await t.get(UsersService).findByLogin(realmId, 'ivanov.ivan'))!;
    assert.equal(ivan.phone, '+79533541234');
    assert.equal(ivan.emailVerified, false);
    assert.equal(ivan.birthDate, '2011-04-01');
    assert.equal(ivan.organizationId, (await t.get(RealmsService).organizationBySlug(realmId, 'school-5-7b'))!.id);
    assert.equal(ivan.passwordHash, null);
    await loginAs(t, 'kuznetsova.maria', 'a long enough passphrase 9');

    const created = (await storedAuditEvents(t)).filter((e) => e.type === 'user.created' && JSON.parse(e.details).source === 'csv-import');
    assert.equal(created.length, 2);
    assert.ok(!JSON.stringify(await storedAuditEvents(t)).includes('passphrase 9'));
    assert.ok(!JSON.stringify(await storedAuditEvents(t)).includes('2011-04-01'));
  });
});

describe('operator command line (npm run cli)', () => {
  let db: TestDatabase;
  let dir: string;
  const cli = (args: string[]) => {
    const res = spawnSync(process.execPath, ['dist/src/cli.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, APP_SECRET: 'cli-test-secret-cli-test-secret-0123456789', BOOTSTRAP_ADMIN_PASSWORD: 'Admin-Password-2026-long', LOG_LEVEL: 'error' },
    });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  before(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'ars-cli-'));
  });
  after(() => db.drop());

  it('creates a realm, imports a class list with a report of rejected rows, and exports the audit log', () => {
    const realm = cli(['realm', 'create', 'north', '--preset', 'school', '--name', 'North region']);
    assert.equal(realm.status, 0, realm.stderr);
    assert.match(realm.stdout, /Created realm "north"/);
    const again = cli(['realm', 'create', 'north']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /slug_taken/);

    const admin = cli(['admin', 'create', '--realm', 'north', '--login', 'support']);
    assert.equal(admin.status, 0, admin.stderr);
    assert.match(admin.stdout, /Created realm_admin "support" in realm "north"/);
    assert.match(admin.stdout, /shown only this once \(it must be changed at first sign-in\): \S{15,}/);
    const curator = cli(['admin', 'create', '--realm', 'north', '--login', 'curator', '--role', 'org_admin']);
    assert.equal(curator.status, 1);
    assert.match(curator.stderr, /validation_failed.*organization/);

    const file = join(dir, 'class.csv');
    writeFileSync(file, 'login,email,phone\nivanov.ivan,ivan@example.org,+7 953 354-12-34\npetrov petr,bad,123\nsidorova.olga,,\n');
    const reportFile = join(dir, 'rejected.csv');
    const imported = cli(['users', 'import', file, '--realm', 'north', '--report', reportFile]);
    assert.equal(imported.status, 2, imported.stderr);
    assert.match(imported.stdout, /Rejected row 3 \(petrov petr\): login has spaces.*e-mail is not valid.*phone is not valid/);
    assert.match(imported.stdout, /Created 2 user\(s\); rejected 1 row\(s\)\./);
    assert.match(readFileSync(reportFile, 'utf8'), /^row,login,reasons\n3,petrov petr,"login has spaces/);

    const jsonl = cli(['audit', 'export', '--realm', 'north']);
    assert.equal(jsonl.status, 0, jsonl.stderr);
    const events = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => [e.type, e.details.login]), [['user.created', 'support'], ['user.created', 'ivanov.ivan'], ['user.created', 'sidorova.olga']]);

    const csv = cli(['audit', 'export', '--realm', 'north', '--format', 'csv', '--type', 'user.created', '--since', '2000-01-01']);
    assert.equal(csv.status, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'id,at,type,actorId,userId,organizationId,ip,details');
    assert.equal(lines.length, 4);
    const none = cli(['audit', 'export', '--realm', 'north', '--until', '2000-01-01']);
    assert.equal(none.stdout, '');
    const bad = cli(['audit', 'export', '--realm', 'nowhere']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /realm_not_found/);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { AppLogger } from '../../src/common/logging/app-logger';
import { createLogger } from '../../src/common/logging/logger';
import { BootstrapService } from '../../src/realms/bootstrap.service';
import { RealmsService } from '../../src/realms/realms.service';
import { UsersService } from '../../src/users/users.service';
import { PasswordHasher } from '../../src/password-policy/password-hasher.port';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase } from '../helpers/test-database';

function captureLogger(lines: string[]): AppLogger {
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return new AppLogger(createLogger('info', sink));
}

describe('first-start bootstrap', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const a of apps) await a.close();
  });

  it('creates realm demo (standard) and realm_admin "admin" with a generated password logged once; a restart creates nothing twice', async () => {
    const db = await createTestDatabase();
    const lines: string[] = [];
    const logger = captureLogger(lines);
    const first = await createTestApp({ db, env: { BOOTSTRAP_ADMIN_PASSWORD: '' }, configure: (b) => b.overrideProvider(AppLogger).useValue(logger) });
    apps.push(first);
    const shown = lines.map((l) => JSON.parse(l)).filter((l) => /shown only this once/.test(l.msg));
    assert.equal(shown.length, 1);
    const password = /once: (\S+)$/.exec(shown[0].msg)![1];
    const realm = await first.get(RealmsService).findBySlug('demo');
    assert.equal(realm?.settings.preset, 'standard');
    const admin = await first.get(UsersService).findByLogin(realm!.id, 'ADMIN');
    assert.deepEqual(admin?.roles, ['realm_admin']);
    assert.equal(await first.get(PasswordHasher).verify(admin!.passwordHash!, password), true);
    assert.notEqual(admin!.passwordHash, password);
    await first.close();

    const again: string[] = [];
    const second = await createTestApp({ db, env: { BOOTSTRAP_ADMIN_PASSWORD: '' }, configure: (b) => b.overrideProvider(AppLogger).useValue(captureLogger(again)) });
    apps.push(second);
    const rerun = await second.get(BootstrapService).run();
    assert.deepEqual(rerun, { realmCreated: false, adminCreated: false });
    assert.equal(again.filter((l) => /shown only this once|Created/.test(l)).length, 0);
    assert.equal((await second.get(RealmsService).list()).length, 1);
    await second.close();
    await db.drop();
  });

  it('honours BOOTSTRAP_REALM, _PRESET, _ADMIN_LOGIN and _ADMIN_PASSWORD', async () => {
    const t = await createTestApp({ env: { BOOTSTRAP_REALM: 'shop', BOOTSTRAP_REALM_PRESET: 'merchant', BOOTSTRAP_ADMIN_LOGIN: 'boss', BOOTSTRAP_ADMIN_PASSWORD: 'Secret123' } });
    apps.push(t);
    const realm = await t.get(RealmsService).findBySlug('shop');
    assert.equal(realm?.settings.preset, 'merchant');
    assert.equal(realm?.settings.disclosure, 'explicit');
    const boss = await t.get(UsersService).findByLogin(realm!.id, 'boss');
    assert.equal(await t.get(PasswordHasher).verify(boss!.passwordHash!, 'Secret123'), true);
  });
});

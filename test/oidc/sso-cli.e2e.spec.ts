import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

describe('single sign-on from the command line', () => {
  let db: TestDatabase;
  const cli = (...args: string[]) => {
    const res = spawnSync(process.execPath, ['dist/src/cli.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, APP_SECRET: 'cli-test-secret-cli-test-secret-0123456789', BOOTSTRAP_ADMIN_PASSWORD: 'Admin-Password-2026-long', LOG_LEVEL: 'error' },
    });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  it('registers, lists and deletes an application, and rotates the keys', () => {
    const bad = cli('oidc', 'client-create', '--realm', 'demo', '--name', 'Diary', '--redirect-uri', 'http://diary.example.org/cb');
    assert.notEqual(bad.status, 0, 'plain http outside localhost is refused');
    const created = cli('oidc', 'client-create', '--realm', 'demo', '--name', 'Diary', '--redirect-uri', 'https://diary.example.org/cb', '--redirect-uri', 'http://localhost:8080/cb', '--first-party');
    assert.equal(created.status, 0, created.stderr);
    const clientId = /client_id: (\S+)/.exec(created.stdout)![1];
    assert.match(created.stdout, /client_secret \(shown only this once\): \S{43}/);
    const list = cli('oidc', 'client-list', '--realm', 'demo');
    assert.match(list.stdout, new RegExp(`${clientId}\\tDiary\\tconfidential, first-party\\thttps://diary.example.org/cb http://localhost:8080/cb`));
    assert.doesNotMatch(list.stdout, /secret/);
    const deleted = cli('oidc', 'client-delete', '--realm', 'demo', clientId);
    assert.equal(deleted.status, 0, deleted.stderr + deleted.stdout);
    assert.match(cli('oidc', 'client-list', '--realm', 'demo').stdout, /No applications/);
    const rotated = cli('oidc', 'rotate-keys');
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /New signing key \S+ signs from now on/);
  });
});

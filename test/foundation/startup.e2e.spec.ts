import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const MAIN = resolve(__dirname, '../../src/main.js');

function run(env: Record<string, string>, cwd: string, waitFor?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (waitFor && waitFor.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('starting the service as an operator does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ars-start-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on bad configuration, naming each bad variable', async () => {
    const res = await run({ PORT: 'abc', EMAIL_PROVIDER: 'sendgrid', NODE_ENV: 'production' }, dir);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /Invalid configuration:/);
    assert.match(res.stderr, /PORT="abc" must be an integer/);
    assert.match(res.stderr, /SENDGRID_API_KEY is required when EMAIL_PROVIDER=sendgrid/);
    assert.match(res.stderr, /APP_SECRET is required when NODE_ENV=production/);
    assert.doesNotMatch(res.stderr, /at .*\.js:\d+/);
  });

  it('starts with no configuration on SQLite under ./data, prints the admin password once, keeps a generated APP_SECRET', async () => {
    const first = await run({ PORT: '0' }, dir, /Listening on port/);
    assert.match(first.stdout, /shown only this once: \S{20}/);
    assert.match(first.stdout, /Sign-in page: http:\/\/localhost:0\/realms\/demo\/sign-in/);
    const secret = readFileSync(join(dir, 'data/app-secret'), 'utf8').trim();
    assert.ok(secret.length >= 32);
    const second = await run({ PORT: '0' }, dir, /Listening on port/);
    assert.doesNotMatch(second.stdout, /shown only this once/);
    assert.equal(readFileSync(join(dir, 'data/app-secret'), 'utf8').trim(), secret);
  });
});

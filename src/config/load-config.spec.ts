import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
}

describe('loadConfig', () => {
  it('gives the zero-setup defaults on an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.deepEqual(c.database, { kind: 'sqlite', sqlitePath: './data/app.sqlite' });
    assert.equal(c.email.provider, 'log');
    assert.equal(c.sms.provider, 'log');
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.equal(c.bootstrap.realm, 'demo');
    assert.equal(c.bootstrap.preset, 'standard');
    assert.equal(c.bootstrap.adminLogin, 'admin');
    assert.equal(c.throttle.loginIdLimit, 10);
    assert.deepEqual(c.notify, { timeoutMs: 10000, retryBaseMs: 1000, maxAttempts: 8, leaseMs: 60000 });
    assert.equal(c.trustProxy, false);
    assert.equal(c.secureCookies, false);
    assert.equal(c.heapGrowingPercent, 100);
    assert.equal(c.idleGcSeconds, 3);
  });

  it('parses good values of every kind', () => {
    const c = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://id.example.org/',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      BOOTSTRAP_REALM: 'production',
      BOOTSTRAP_REALM_PRESET: 'merchant',
      THROTTLE_LOGIN_LIMIT: '5',
      EMAIL_PROVIDER: 'sendgrid',
      SENDGRID_API_KEY: 'SG.x',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_FROM: '+15005550006',
    });
    assert.equal(c.port, 8080);
    assert.equal(c.publicUrl, 'https://id.example.org');
    assert.equal(c.secureCookies, true);
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u:p@db:5432/app' });
    assert.deepEqual(c.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
    assert.equal(c.bootstrap.preset, 'merchant');
    assert.equal(c.throttle.loginLimit, 5);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database, { kind: 'sqlite', sqlitePath: '/tmp/x.db' });
  });

  it('names every bad variable at once, with what it expects', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', EMAIL_PROVIDER: 'pigeon', NOTIFY_MAX_ATTEMPTS: '0', TRUST_PROXY: 'everyone' });
    assert.equal(problems.length, 5);
    assert.match(problems.join('\n'), /PORT="eighty" must be an integer/);
    assert.match(problems.join('\n'), /DATABASE_URL must be sqlite:<path> or postgres:/);
    assert.match(problems.join('\n'), /EMAIL_PROVIDER="pigeon" must be one of: sendgrid, smtp, log/);
    assert.match(problems.join('\n'), /NOTIFY_MAX_ATTEMPTS="0" must be an integer from 1/);
    assert.match(problems.join('\n'), /TRUST_PROXY="everyone"/);
  });

  it('takes the heap growing factor as a percentage, 0 for V8\'s own', () => {
    assert.equal(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent, 0);
    assert.equal(loadConfig({ HEAP_GROWING_PERCENT: '100' }).heapGrowingPercent, 100);
    assert.equal(loadConfig({ IDLE_GC_SECONDS: '0' }).idleGcSeconds, 0);
    assert.match(problemsOf({ IDLE_GC_SECONDS: 'soon' }).join('\n'), /IDLE_GC_SECONDS="soon" must be an integer/);
    assert.match(problemsOf({ HEAP_GROWING_PERCENT: '-5' }).join('\n'), /HEAP_GROWING_PERCENT="-5" must be an integer from 0 to 1000/);
  });

  it('keeps the delivery lease within 60 s and longer than a provider call', () => {
    assert.equal(loadConfig({ NOTIFY_TIMEOUT_MS: '1000', NOTIFY_LEASE_MS: '2000' }).notify.leaseMs, 2000);
    assert.match(problemsOf({ NOTIFY_LEASE_MS: '90000' }).join('\n'), /NOTIFY_LEASE_MS="90000" must be an integer from 1000 to 60000/);
    assert.match(problemsOf({ NOTIFY_TIMEOUT_MS: '30000', NOTIFY_LEASE_MS: '30500' }).join('\n'), /NOTIFY_LEASE_MS \(30500\) must be at least NOTIFY_TIMEOUT_MS \(30000\) \+ 1000/);
  });

  it('requires APP_SECRET and refuses CAPTCHA_TEST_ANSWER in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', CAPTCHA_TEST_ANSWER: '12345' });
    assert.ok(problems.some((p) => p.startsWith('APP_SECRET is required')));
    assert.ok(problems.some((p) => p.startsWith('CAPTCHA_TEST_ANSWER must not be set')));
    assert.ok(problemsOf({ APP_SECRET: 'short' }).some((p) => p.includes('at least 32')));
  });

  it('validates provider credentials only for the selected provider', () => {
    assert.deepEqual(problemsOf({ EMAIL_PROVIDER: 'log', SMS_PROVIDER: 'log' }), []);
    const problems = problemsOf({ EMAIL_PROVIDER: 'smtp', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'nope' });
    assert.ok(problems.some((p) => p.startsWith('SMTP_URL is required')));
    assert.ok(problems.some((p) => p.startsWith('TWILIO_ACCOUNT_SID')));
    assert.ok(problems.some((p) => p.startsWith('TWILIO_AUTH_TOKEN')));
    assert.ok(problems.some((p) => p.startsWith('TWILIO_FROM')));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestApp } from '../helpers/test-app';
import { NotificationTestKit as Kit } from './notification-test-kit';

describe('/dev/outbox page', () => {
  let t: TestApp;
  before(async () => {
    t = await Kit.app();
  });
  after(() => t.close());

  it('lists the latest messages with a followable link, newest first, everything escaped', async () => {
    const realmId = await Kit.demoRealmId(t);
    const link = 'http://localhost:3000/realms/demo/reset-password?token=abc&x=<y>';
    await Kit.queue(t, Kit.resetLink(realmId, 'first@example.org', link));
    await t.http().get('/dev/outbox').expect(200);
    t.clock.advance(1000);
    await Kit.queue(t, { realmId, notice: 'access-request', channel: 'email', to: 'admin@example.org', locale: 'en', params: { login: '<script>alert(1)</script>', reason: 'r' } });
    // Queued, not yet delivered: the page delivers what is due before listing.
    const res = await t.http().get('/dev/outbox').expect(200);
    assert.match(res.headers['content-type'], /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(!res.text.includes('<script>alert'), 'values are escaped');
    assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(res.text.includes('<a href="http://localhost:3000/realms/demo/reset-password?token=abc&amp;x=&lt;y&gt;">'), 'the reset link is clickable');
    assert.ok(res.text.indexOf('admin@example.org') < res.text.indexOf('first@example.org'), 'newest first');
    assert.match(res.text, /valid for 1 hour/);
  });
});

describe('/dev/outbox elsewhere', () => {
  it('does not exist when e-mail goes to a real provider', async () => {
    const t = await Kit.app({ EMAIL_PROVIDER: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const res = await t.http().get('/dev/outbox').expect(404);
      assert.equal(res.body.code, 'not_found');
    } finally {
      await t.close();
    }
  });

  it('does not exist in production', async () => {
    const t = await Kit.app({ NODE_ENV: 'production' });
    try {
      assert.equal((await t.http().get('/dev/outbox')).status, 404);
    } finally {
      await t.close();
    }
  });
});

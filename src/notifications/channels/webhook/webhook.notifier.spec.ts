import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VendorApiDouble } from '../../../../test/fakes/vendor-api.double';
import { ConfigError, loadConfig } from '../../../config/load-config';
import { DeliveryError } from '../../delivery-error';
import type { RenderedMessage } from '../../notifier.port';
import { WebhookNotifier } from './webhook.notifier';

const MESSAGE: RenderedMessage = { id: 'm-wh-1', channel: 'sms', notice: 'confirmation-code', to: '+79533541234', locale: 'en', text: 'Demo: code 482913' };
const SECRET = 'webhook-secret-0123456789';

describe('webhook channel', () => {
  const receiver = new VendorApiDouble();
  before(() => receiver.start());
  after(() => receiver.close());

  it('POSTs the message as signed JSON the receiver can verify', async () => {
    receiver.script({ status: 204 });
    await new WebhookNotifier('sms', { url: `${receiver.url}/hooks/notify`, secret: SECRET, timeoutMs: 1000 }, () => 1767225600).send(MESSAGE);
    const req = receiver.requests.at(-1)!;
    assert.equal(req.path, '/hooks/notify');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-timestamp'], '1767225600');
    assert.equal(req.headers['idempotency-key'], 'm-wh-1');
    assert.equal(req.headers['x-signature'], WebhookNotifier.sign(SECRET, '1767225600', req.body));
    assert.notEqual(req.headers['x-signature'], WebhookNotifier.sign('another-secret-0123456', '1767225600', req.body));
    assert.deepEqual(JSON.parse(req.body), { id: 'm-wh-1', channel: 'sms', notice: 'confirmation-code', to: '+79533541234', locale: 'en', text: 'Demo: code 482913' });
  });

  it('retries 5xx and 429, fails other 4xx at once', async () => {
    const n = new WebhookNotifier('sms', { url: receiver.url, secret: SECRET, timeoutMs: 1000 });
    for (const [status, retryable] of [[502, true], [429, true], [422, false]] as const) {
      receiver.script({ status });
      const err = await n.send(MESSAGE).catch((e: unknown) => e);
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, retryable, String(status));
    }
  });

  it('is selectable by configuration, which requires its URL and secret only when selected', () => {
    const config = loadConfig({ SMS_PROVIDER: 'webhook', WEBHOOK_URL: 'https://hooks.example.org/sms', WEBHOOK_SECRET: SECRET });
    assert.equal(config.sms.provider, 'webhook');
    assert.deepEqual(config.webhook, { url: 'https://hooks.example.org/sms', secret: SECRET });
    assert.throws(
      () => loadConfig({ EMAIL_PROVIDER: 'webhook' }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('WEBHOOK_URL')) && e.problems.some((p) => p.startsWith('WEBHOOK_SECRET')),
    );
    assert.doesNotThrow(() => loadConfig({}));
  });
});

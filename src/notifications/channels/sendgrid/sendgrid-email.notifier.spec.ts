import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { VendorApiDouble } from '../../../../test/fakes/vendor-api.double';
import { DeliveryError } from '../../delivery-error';
import type { RenderedMessage } from '../../notifier.port';
import { SendgridEmailNotifier } from './sendgrid-email.notifier';

const MESSAGE: RenderedMessage = {
  id: '7d0b2a4e-0000-4000-8000-000000000001',
  channel: 'email',
  notice: 'reset-link',
  to: 'ann@example.org',
  locale: 'ru',
  subject: 'Восстановление пароля — Demo',
  text: 'Ссылка: https://id.example.org/r?token=abc',
  html: '<p>Ссылка: <a href="https://id.example.org/r?token=abc">…</a></p>',
};

describe('SendGrid e-mail channel (real @sendgrid/mail against a local double of the API)', () => {
  const api = new VendorApiDouble();
  let notifier: SendgridEmailNotifier;
  before(async () => {
    await api.start();
    notifier = new SendgridEmailNotifier({ apiKey: 'SG.test-key', apiUrl: api.url, from: 'Demo <no-reply@example.org>', timeoutMs: 500 });
  });
  beforeEach(() => {
    api.requests.length = 0;
  });
  after(() => api.close());

  it('POSTs /v3/mail/send with the API key as a bearer token and the rendered message', async () => {
    api.script({ status: 202, headers: { 'X-Message-Id': 'sg-msg-1' } });
    const receipt = await notifier.send(MESSAGE);
    assert.equal(receipt.providerMessageId, 'sg-msg-1');
    assert.equal(api.requests.length, 1);
    const req = api.requests[0];
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v3/mail/send');
    assert.equal(req.headers.authorization, 'Bearer SG.test-key');
    const body = JSON.parse(req.body);
    assert.deepEqual(body.personalizations[0].to, [{ email: 'ann@example.org' }]);
    assert.deepEqual(body.from, { email: 'no-reply@example.org', name: 'Demo' });
    assert.equal(body.subject, MESSAGE.subject);
    assert.deepEqual(
      body.content.map((c: { type: string }) => c.type),
      ['text/plain', 'text/html'],
    );
    assert.equal(body.content[0].value, MESSAGE.text);
    assert.equal(body.content[1].value, MESSAGE.html);
    assert.equal(body.custom_args.outboxId, MESSAGE.id);
    assert.equal(body.tracking_settings.click_tracking.enable, false, 'one-time links must not be rewritten');
  });

  for (const [status, retryable] of [
    [503, true],
    [500, true],
    [429, true],
    [400, false],
    [401, false],
    [403, false],
  ] as const) {
    it(`classifies HTTP ${status} as ${retryable ? 'retryable' : 'permanent'}`, async () => {
      api.script({ status, body: { errors: [{ message: 'nope' }] } });
      const err = await notifier.send(MESSAGE).then(
        () => assert.fail('should throw'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, retryable);
      assert.equal(err.reason, `http_${status}`);
    });
  }

  it('gives up after its timeout with a retryable error', async () => {
    api.script({ status: 202, delayMs: 2000 });
    const started = Date.now();
    const err = await notifier.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(err instanceof DeliveryError && err.retryable, String(err));
    assert.ok(Date.now() - started < 1500);
  });

  it('reports a refused connection as retryable', async () => {
    const down = new SendgridEmailNotifier({ apiKey: 'k', apiUrl: 'http://127.0.0.1:1', from: 'a@b.c', timeoutMs: 500 });
    const err = await down.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(err instanceof DeliveryError && err.retryable);
  });
});

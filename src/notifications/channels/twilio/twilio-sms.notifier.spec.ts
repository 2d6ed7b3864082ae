import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { VendorApiDouble } from '../../../../test/fakes/vendor-api.double';
import { DeliveryError } from '../../delivery-error';
import type { RenderedMessage } from '../../notifier.port';
import { TwilioSmsNotifier } from './twilio-sms.notifier';

const SID = 'AC' + '0123456789abcdef'.repeat(2);
const MESSAGE: RenderedMessage = { id: 'm-1', channel: 'sms', notice: 'confirmation-code', to: '+79533541234', locale: 'ru', text: 'Demo: код подтверждения 482913' };

describe('Twilio SMS channel (real twilio SDK against a local double of the API)', () => {
  const api = new VendorApiDouble();
  let notifier: TwilioSmsNotifier;
  before(async () => {
    await api.start();
    notifier = new TwilioSmsNotifier({ accountSid: SID, authToken: 'secret-token', from: '+15005550006', apiUrl: api.url, timeoutMs: 500 });
  });
  beforeEach(() => {
    api.requests.length = 0;
  });
  after(() => api.close());

  it('POSTs the Messages resource of the account with basic auth and To/From/Body', async () => {
    api.script({ status: 201, body: { sid: 'SM' + 'a'.repeat(32), status: 'queued', to: MESSAGE.to } });
    const receipt = await notifier.send(MESSAGE);
    assert.equal(receipt.providerMessageId, 'SM' + 'a'.repeat(32));
    assert.equal(api.requests.length, 1);
    const req = api.requests[0];
    assert.equal(req.method, 'POST');
    assert.equal(req.path, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`);
    const form = new URLSearchParams(req.body);
    assert.equal(form.get('To'), '+79533541234');
    assert.equal(form.get('From'), '+15005550006');
    assert.equal(form.get('Body'), MESSAGE.text);
  });

  it('sends through a messaging service when TWILIO_FROM is one', async () => {
    const mg = 'MG' + 'b'.repeat(32);
    const viaService = new TwilioSmsNotifier({ accountSid: SID, authToken: 't', from: mg, apiUrl: api.url, timeoutMs: 500 });
    api.script({ status: 201, body: { sid: 'SMx' } });
    await viaService.send(MESSAGE);
    const form = new URLSearchParams(api.requests[0].body);
    assert.equal(form.get('MessagingServiceSid'), mg);
    assert.equal(form.get('From'), null);
  });

  for (const [status, retryable] of [
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [404, false],
  ] as const) {
    it(`classifies HTTP ${status} as ${retryable ? 'retryable' : 'permanent'}`, async () => {
      api.script({ status, body: { code: 21211, message: 'Invalid To', status } });
      const err = await notifier.send(MESSAGE).catch((e: unknown) => e);
      assert.ok(err instanceof DeliveryError, String(err));
      assert.equal(err.retryable, retryable);
      assert.equal(err.reason, `http_${status}`);
    });
  }

  it('gives up after its timeout with a retryable error', async () => {
    api.script({ status: 201, body: { sid: 'SMlate' }, delayMs: 2000 });
    const err = await notifier.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(err instanceof DeliveryError && err.retryable, String(err));
  });
});

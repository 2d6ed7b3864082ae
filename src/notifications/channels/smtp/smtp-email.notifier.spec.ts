import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';
import { DeliveryError } from '../../delivery-error';
import type { RenderedMessage } from '../../notifier.port';
import { SmtpEmailNotifier } from './smtp-email.notifier';

const MESSAGE: RenderedMessage = {
  id: 'm-smtp-1',
  channel: 'email',
  notice: 'reset-link',
  to: 'ann@example.org',
  locale: 'en',
  subject: 'Password reset for Demo',
  text: 'Follow https://id.example.org/r?token=abc within 1 hour',
  html: '<p>Follow <a href="https://id.example.org/r?token=abc">this link</a></p>',
};

interface Received {
  from: string;
  to: string[];
  user?: string;
  raw: string;
}

describe('SMTP e-mail channel (nodemailer against a local smtp-server)', () => {
  const received: Received[] = [];
  let rejectRcpt: { code: number } | null = null;
  let server: SMTPServer;
  let port: number;
  before(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'mailer' && auth.password === 'p@ss') return cb(null, { user: auth.username });
        cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address: SMTPServerAddress, _session, cb) {
        if (rejectRcpt) return cb(Object.assign(new Error('rejected'), { responseCode: rejectRcpt.code }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    received.length = 0;
    rejectRcpt = null;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const notifier = (user = 'mailer', pass = 'p%40ss') => new SmtpEmailNotifier({ url: `smtp://${user}:${pass}@127.0.0.1:${port}`, from: 'Demo <no-reply@example.org>', timeoutMs: 2000 });

  it('authenticates and delivers the message with its text and HTML parts', async () => {
    const n = notifier();
    const receipt = await n.send(MESSAGE);
    await n.close();
    assert.ok(receipt.providerMessageId);
    assert.equal(received.length, 1);
    const mail = received[0];
    assert.equal(mail.user, 'mailer');
    assert.equal(mail.from, 'no-reply@example.org');
    assert.deepEqual(mail.to, ['ann@example.org']);
    assert.match(mail.raw, /^Subject: Password reset for Demo$/m);
    assert.match(mail.raw, /^To: ann@example.org$/m);
    assert.match(mail.raw, /Content-Type: text\/plain/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    assert.match(mail.raw.replace(/=\r\n/g, ''), /token=3Dabc|token=abc/);
    assert.match(mail.raw, /^X-Outbox-Id: m-smtp-1$/im);
  });

  it('treats a 5xx SMTP refusal as permanent and a 4xx one as retryable', async () => {
    const n = notifier();
    rejectRcpt = { code: 550 };
    const permanent = await n.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(permanent instanceof DeliveryError);
    assert.equal(permanent.retryable, false);
    assert.equal(permanent.reason, 'smtp_550');
    rejectRcpt = { code: 451 };
    const transient = await n.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(transient instanceof DeliveryError && transient.retryable);
    await n.close();
    assert.equal(received.length, 0);
  });

  it('treats wrong credentials as permanent: retrying will not fix them', async () => {
    const n = notifier('mailer', 'wrong');
    const err = await n.send(MESSAGE).catch((e: unknown) => e);
    await n.close();
    assert.ok(err instanceof DeliveryError);
    assert.equal(err.retryable, false);
  });

  it('treats an unreachable server as retryable', async () => {
    const n = new SmtpEmailNotifier({ url: 'smtp://127.0.0.1:1', from: 'a@b.c', timeoutMs: 1000 });
    const err = await n.send(MESSAGE).catch((e: unknown) => e);
    assert.ok(err instanceof DeliveryError && err.retryable, String(err));
  });
});

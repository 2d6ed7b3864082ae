import nodemailer, { Transporter } from 'nodemailer';
import { DeliveryError } from '../../delivery-error';
import { DeliveryReceipt, NotifierPort, RenderedMessage } from '../../notifier.port';

export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://… */
  url: string;
  from: string;
  timeoutMs: number;
}

/** E-mail through any SMTP server with nodemailer. */
export class SmtpEmailNotifier extends NotifierPort {
  readonly channel = 'email';
  readonly provider = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    super();
    const t = settings.timeoutMs;
    this.transport = nodemailer.createTransport({ url: settings.url, connectionTimeout: t, greetingTimeout: t, socketTimeout: t });
  }

  async send(message: RenderedMessage): Promise<DeliveryReceipt> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.text,
        html: message.html,
        headers: { 'X-Outbox-Id': message.id },
      });
      return { providerMessageId: info.messageId };
    } catch (e) {
      throw classify(e);
    }
  }

  override async close(): Promise<void> {
    this.transport.close();
  }
}

function classify(e: unknown): DeliveryError {
  const err = e as { responseCode?: unknown; code?: unknown };
  // SMTP: 4yz is a transient refusal (try later), 5yz permanent (unknown mailbox, policy).
  if (typeof err.responseCode === 'number') return new DeliveryError(`smtp_${err.responseCode}`, err.responseCode < 500);
  if (err.code === 'ETIMEDOUT') return DeliveryError.timeout();
  // EAUTH / EENVELOPE / EMESSAGE are our configuration or data: retrying will not fix them.
  if (err.code === 'EAUTH' || err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return new DeliveryError(`smtp_${String(err.code).toLowerCase()}`, false);
  return DeliveryError.network(typeof err.code === 'string' ? err.code : undefined);
}

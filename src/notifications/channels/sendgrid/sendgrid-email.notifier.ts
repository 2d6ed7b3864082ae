import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { DeliveryError } from '../../delivery-error';
import { DeliveryReceipt, NotifierPort, RenderedMessage } from '../../notifier.port';

export interface SendgridSettings {
  apiKey: string;
  /** API origin, e.g. https://api.sendgrid.com, a regional edge, or a local double. */
  apiUrl: string;
  from: string;
  timeoutMs: number;
}

/** E-mail through SendGrid's v3 Mail Send API with the official SDK. */
export class SendgridEmailNotifier extends NotifierPort {
  readonly channel = 'email';
  readonly provider = 'sendgrid';
  private readonly mail: MailService;

  constructor(private readonly settings: SendgridSettings) {
    super();
    // Own client and service instead of the SDK's singletons, so two configurations can coexist.
    const client = new Client();
    client.setApiKey(settings.apiKey);
    // setApiKey resets baseUrl to the region's host, so the override must come after it.
    client.setDefaultRequest('baseUrl', settings.apiUrl);
    this.mail = new MailService();
    this.mail.setClient(client);
    this.mail.setTimeout(settings.timeoutMs);
  }

  async send(message: RenderedMessage): Promise<DeliveryReceipt> {
    try {
      const [response] = await this.mail.send({
        to: message.to,
        from: this.settings.from,
        subject: message.subject ?? '',
        text: message.text,
        html: message.html ?? message.text,
        customArgs: { outboxId: message.id },
        // Links carry one-time tokens: click tracking would rewrite and pre-fetch them.
        trackingSettings: { clickTracking: { enable: false, enableText: false } },
      });
      const id = response.headers['x-message-id'];
      return { providerMessageId: typeof id === 'string' ? id : undefined };
    } catch (e) {
      throw classify(e);
    }
  }
}

function classify(e: unknown): DeliveryError {
  const err = e as { code?: unknown; response?: unknown };
  // The SDK's ResponseError carries the HTTP status in `code`; anything else is the connection.
  if (typeof err.code === 'number') return DeliveryError.fromHttpStatus(err.code);
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return DeliveryError.timeout();
  return DeliveryError.network(typeof err.code === 'string' ? err.code : undefined);
}

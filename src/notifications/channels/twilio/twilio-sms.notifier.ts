import twilio from 'twilio';
import { DeliveryError } from '../../delivery-error';
import { DeliveryReceipt, NotifierPort, RenderedMessage } from '../../notifier.port';
import { RebasedTwilioRequestClient } from './rebased-twilio.request-client';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** An E.164 number, or a messaging service SID (MG…). */
  from: string;
  /** API origin, default https://api.twilio.com. */
  apiUrl: string;
  timeoutMs: number;
}

/** SMS through Twilio's Messages API with the official SDK. */
export class TwilioSmsNotifier extends NotifierPort {
  readonly channel = 'sms';
  readonly provider = 'twilio';
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    super();
    // autoRetry stays off: the outbox owns retries, with its own backoff and attempt count.
    const httpClient = new RebasedTwilioRequestClient(settings.apiUrl, { timeout: settings.timeoutMs, autoRetry: false });
    this.client = twilio(settings.accountSid, settings.authToken, { httpClient });
  }

  async send(message: RenderedMessage): Promise<DeliveryReceipt> {
    const from = /^MG[0-9a-fA-F]{32}$/.test(this.settings.from) ? { messagingServiceSid: this.settings.from } : { from: this.settings.from };
    try {
      const sent = await this.client.messages.create({ to: message.to, body: message.text, ...from });
      return { providerMessageId: sent.sid };
    } catch (e) {
      throw classify(e);
    }
  }
}

function classify(e: unknown): DeliveryError {
  const err = e as { status?: unknown; code?: unknown };
  // RestException: `status` is the HTTP status (its `code` is Twilio's own error number).
  if (typeof err.status === 'number') return DeliveryError.fromHttpStatus(err.status);
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return DeliveryError.timeout();
  return DeliveryError.network(typeof err.code === 'string' ? err.code : undefined);
}

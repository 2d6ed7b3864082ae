import { createHmac } from 'node:crypto';
import { DeliveryError } from '../../delivery-error';
import { DeliveryReceipt, NotifierPort, RenderedMessage } from '../../notifier.port';

export interface WebhookSettings {
  url: string;
  /** Shared secret; the receiver recomputes the signature to trust the message. */
  secret: string;
  timeoutMs: number;
}

/**
 * POSTs each message as JSON to a URL (an in-house gateway, a chat bot…), signed with
 * `X-Signature: sha256=HMAC(secret, "{X-Timestamp}.{body}")`. The worked example in
 * docs/notification-channels.md of adding a channel.
 */
export class WebhookNotifier extends NotifierPort {
  readonly provider = 'webhook';

  constructor(
    readonly channel: string,
    private readonly settings: WebhookSettings,
    /** Unix seconds for the signature; injected so a test can pin it. */
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    super();
  }

  /** The signature a receiver expects for `body` sent at `timestamp`. */
  static sign(secret: string, timestamp: string, body: string): string {
    return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  }

  async send(message: RenderedMessage): Promise<DeliveryReceipt> {
    const body = JSON.stringify({
      id: message.id,
      channel: message.channel,
      notice: message.notice,
      to: message.to,
      locale: message.locale,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    const timestamp = String(this.nowSeconds());
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Timestamp': timestamp,
          'X-Signature': WebhookNotifier.sign(this.settings.secret, timestamp, body),
          // Same id on every retry, so the receiver can drop a duplicate.
          'Idempotency-Key': message.id,
        },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw DeliveryError.timeout();
      throw DeliveryError.network((e as { cause?: { code?: string } }).cause?.code);
    }
    await response.body?.cancel();
    if (!response.ok) throw DeliveryError.fromHttpStatus(response.status);
    return { providerMessageId: response.headers.get('x-message-id') ?? undefined };
  }
}

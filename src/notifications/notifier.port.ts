/** A notice rendered for one recipient on one channel, ready for a provider. */
export interface RenderedMessage {
  /** The outbox message id; stable across retries, usable as an idempotency key. */
  id: string;
  channel: string;
  notice: string;
  /** E-mail address or E.164 phone number. */
  to: string;
  locale: string;
  /** E-mail only. */
  subject?: string;
  /** Plain text: the e-mail's text part, or the whole SMS. */
  text: string;
  /** E-mail only; every interpolated value is HTML-escaped. */
  html?: string;
}

/** What a provider said when it accepted a message. */
export interface DeliveryReceipt {
  /** The provider's own id for the message, when it gives one. */
  providerMessageId?: string;
}

/**
 * The one port every channel implements. `send` resolves once the provider accepted the message
 * and throws a `DeliveryError` saying whether a retry can help; anything else thrown is retried.
 */
export abstract class NotifierPort {
  /** The channel this instance serves: `email`, `sms`, … */
  abstract readonly channel: string;
  /** The provider name as configured (`sendgrid`, `smtp`, `twilio`, `log`, `webhook`). */
  abstract readonly provider: string;
  abstract send(message: RenderedMessage): Promise<DeliveryReceipt>;
  /** Releases connections at shutdown; most channels hold none. */
  async close(): Promise<void> {}
}

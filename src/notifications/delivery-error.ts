/**
 * A provider refused or failed a message. `retryable` decides between another attempt later
 * (5xx, 429, timeouts, network) and an immediate `failed` (any other 4xx: retrying cannot fix it).
 * `reason` is a short category (`http_503`, `timeout`, `smtp_550`…) safe to store and audit:
 * never the provider's text, which may echo the recipient or content.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(`delivery failed: ${reason} (${retryable ? 'retryable' : 'permanent'})`);
    this.name = 'DeliveryError';
  }

  /** Classifies an HTTP answer from a provider's API. */
  static fromHttpStatus(status: number): DeliveryError {
    return new DeliveryError(`http_${status}`, status === 429 || status === 408 || status >= 500);
  }

  /** No answer within NOTIFY_TIMEOUT_MS (from the SDK's own timer or the worker's). */
  static timeout(): DeliveryError {
    return new DeliveryError('timeout', true);
  }

  /** A connection-level failure (refused, reset, DNS): the provider may be back later. */
  static network(code: string | undefined): DeliveryError {
    return new DeliveryError(`network_${(code ?? 'error').toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40)}`, true);
  }
}

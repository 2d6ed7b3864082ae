import { ErrorCode, ERROR_STATUS } from './error-codes';

/**
 * A business error with a stable code. Use cases throw it; the exception filter maps it to
 * its HTTP status and a localized message. `params` fill the message; `details` go to the body.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    readonly params: Record<string, string | number> = {},
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

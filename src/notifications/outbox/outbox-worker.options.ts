/** How the delivery worker runs; override with `NotificationsModule.forRoot({...})`. */
export class OutboxWorkerOptions {
  /** How often each instance looks for due messages; 0 runs no timer (call `drain()` yourself). */
  pollIntervalMs = 1000;
  /** Messages claimed per pass; they are sent in parallel. */
  batchSize = 10;
  /**
   * How long a claim lasts (default: NOTIFY_LEASE_MS). After it, a crashed worker's messages are
   * due again; it must exceed the provider timeout and any pause before the outcome is recorded.
   */
  leaseMs?: number;
}

/** How the delivery worker runs; override with `NotificationsModule.forRoot({...})`. */
export class OutboxWorkerOptions {
  /** How often each instance looks for due messages; 0 runs no timer (call `drain()` yourself). */
  pollIntervalMs = 1000;
  /** Messages claimed per pass; they are sent in parallel. */
  batchSize = 10;
  /**
   * A claim lasts the provider timeout plus this margin. After it, a crashed worker's messages
   * are due again; it must exceed any pause between a provider's answer and marking the row.
   */
  leaseMarginMs = 60_000;
}

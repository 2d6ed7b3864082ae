import { RandomSource } from '../../common/crypto/random-source';

/** Five minutes: the contract's ceiling for one wait between attempts. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * base·2^(n-1), capped. Jitter spreads retries of a provider outage instead of a stampede.
 */
export class RetryPolicy {
  constructor(
    private readonly baseMs: number,
    private readonly random: RandomSource,
    private readonly capMs = MAX_RETRY_DELAY_MS,
  ) {}

  /** Delay after the given failed attempt (1-based). */
  delayMs(failedAttempt: number): number {
    const exp = Math.min(this.capMs, this.baseMs * 2 ** Math.min(Math.max(failedAttempt - 1, 0), 40));
    const half = Math.floor(exp / 2);
    return Math.min(this.capMs, exp - half + this.random.int(0, half + 1));
  }
}

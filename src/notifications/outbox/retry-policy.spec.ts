import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomSource } from '../../common/crypto/random-source';
import { MAX_RETRY_DELAY_MS, RetryPolicy } from './retry-policy';

/** Always the lowest, or always the highest, value in range. */
class EdgeRandom extends RandomSource {
  constructor(private readonly high: boolean) {
    super();
  }
  bytes(n: number): Buffer {
    return Buffer.alloc(n);
  }
  int(min: number, max: number): number {
    return this.high ? max - 1 : min;
  }
}

describe('retry backoff', () => {
  it('doubles from the base, with jitter between half and all of the step', () => {
    const low = new RetryPolicy(1000, new EdgeRandom(false));
    const high = new RetryPolicy(1000, new EdgeRandom(true));
    assert.deepEqual([1, 2, 3, 4].map((n) => high.delayMs(n)), [1000, 2000, 4000, 8000]);
    assert.deepEqual([1, 2, 3, 4].map((n) => low.delayMs(n)), [500, 1000, 2000, 4000]);
  });

  it('never waits more than 5 minutes', () => {
    const high = new RetryPolicy(1000, new EdgeRandom(true));
    assert.equal(high.delayMs(9), 256_000);
    assert.equal(high.delayMs(10), MAX_RETRY_DELAY_MS);
    assert.equal(high.delayMs(100), MAX_RETRY_DELAY_MS);
    assert.equal(new RetryPolicy(1000, new EdgeRandom(false)).delayMs(100), MAX_RETRY_DELAY_MS / 2);
  });
});

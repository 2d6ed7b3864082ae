import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full garbage collection when the service has answered no request for `idleMs`, once per
 * quiet spell (the idea of the JVM's periodic collection for idle servers).
 *
 * V8 sizes the heap for the load it last saw: after a burst it keeps the pages of the young
 * generation it grew and the old generation's slack until its own memory reducer runs, which
 * may be long after. A full collection while quiet, with the allocation rate near zero, lets V8
 * shrink the young generation and release empty pages, so an idle process holds about its live
 * heap. It costs one collection (tens of ms of CPU) per quiet spell; a request that arrives during
 * it waits for it.
 */
export class IdleCollector {
  private requests = 0;
  private seen = 0;
  private quietSince: number;
  private collectedThisSpell = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly idleMs: number,
    private readonly collect: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.quietSince = now();
  }

  /** Called for every request: a counter, nothing else. */
  noteRequest(): void {
    this.requests++;
  }

  start(): this {
    if (this.idleMs > 0 && !this.timer) {
      this.timer = setInterval(() => this.tick(), Math.min(1000, this.idleMs / 2));
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look: collects when no request came for idleMs and none was run in this quiet spell. */
  tick(): boolean {
    const now = this.now();
    if (this.requests !== this.seen) {
      this.seen = this.requests;
      this.quietSince = now;
      this.collectedThisSpell = false;
      return false;
    }
    if (this.collectedThisSpell || now - this.quietSince < this.idleMs) return false;
    this.collectedThisSpell = true;
    this.collect();
    return true;
  }
}

/** The service's collector: `seconds` of quiet (0: never); V8's collector is reached on first use. */
export function idleCollector(seconds: number, log: (fields: Record<string, number>) => void): IdleCollector {
  let gc: (() => void) | undefined;
  return new IdleCollector(seconds * 1000, () => {
    gc ??= fullCollection();
    const before = process.memoryUsage();
    const started = performance.now();
    gc();
    const after = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 104857.6) / 10;
    log({ ms: Math.round(performance.now() - started), heapMbBefore: mb(before.heapTotal), heapMbAfter: mb(after.heapTotal), rssMbBefore: mb(before.rss), rssMbAfter: mb(after.rss) });
  });
}

/**
 * V8's full collection, without `--expose-gc` on the command line (as node's own docs show), and
 * compacting: a plain full collection frees objects but leaves the old generation's pages as
 * fragmented as the load left them (measured: 39 MB live in 76 MB of pages after one), so little
 * goes back to the system. Compaction moves the survivors together and releases the emptied pages.
 */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

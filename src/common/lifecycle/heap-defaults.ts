import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow up to 4 × what the last full collection kept before it collects
 * again, so an idle service sits on several times its live heap (measured: ~70 MB live, ~250 MB
 * of heap pages after a load). A growing factor of (1 + percent/100) keeps it near the live size
 * at the cost of more frequent — incremental, mostly concurrent — full collections. V8 reads the
 * factor at every collection, so setting it at start-up takes effect for the whole run.
 *
 * A `--heap-growing-percent` given on node's command line wins (NODE_OPTIONS cannot carry it); 0
 * keeps V8's.
 * The young generation is set where node starts (`npm start`: `--max-semi-space-size=8`).
 */
export function applyHeapDefaults(percent: number, execArgv: readonly string[] = process.execArgv): boolean {
  if (percent <= 0 || execArgv.some((a) => /heap[-_]growing[-_]percent/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${Math.floor(percent)}`);
  return true;
}

import cluster, { Worker } from 'node:cluster';
import type { Logger } from 'pino';

export interface PrimaryOptions {
  /** How many HTTP workers to keep running. */
  workers: number;
  /** The worker script (`dist/src/main.js`). */
  exec: string;
  /** Extra environment for every worker (the primary's own is inherited). */
  env?: Record<string, string>;
  logger: Logger;
  /** How long a worker may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
  /** Restarts allowed within `crashWindowMs` before the primary gives up (a crash loop). */
  maxCrashes?: number;
  crashWindowMs?: number;
}

export interface RunningPrimary {
  /** Resolves with the exit code once every worker has stopped. */
  done: Promise<number>;
  /** Stops every worker (SIGTERM, then SIGKILL after the timeout). */
  stop(): Promise<number>;
  /** Live workers by slot. */
  workers(): Map<number, Worker>;
}

/**
 * The cluster primary: loads nothing of the application (it stays ~40 MB), forks one worker per
 * slot, each with `CLUSTER_WORKER_INDEX` (slot 0 alone polls the outbox).
 * Slot 0 starts alone and the others only once it listens, so migrations and the bootstrap realm
 * are done by one process. A worker that dies is replaced (its slot kept); a crash loop, or slot 0
 * failing to start, stops everything with exit code 1. SIGTERM / SIGINT stop the workers
 * gracefully (each runs its own shutdown hooks) and then the primary.
 */
export function runPrimary(options: PrimaryOptions): RunningPrimary {
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  const maxCrashes = options.maxCrashes ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const log = options.logger;
  const bySlot = new Map<number, Worker>();
  const crashes: number[] = [];
  let stopping: Promise<number> | null = null;
  let exitCode = 0;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  cluster.setupPrimary({ exec: options.exec });

  const fork = (slot: number): Worker => {
    const worker = cluster.fork({ ...options.env, CLUSTER_WORKER_INDEX: String(slot) });
    bySlot.set(slot, worker);
    let listening = false;
    worker.once('listening', () => {
      listening = true;
      if (slot === 0) for (let s = 1; s < options.workers; s++) if (!bySlot.has(s)) fork(s);
    });
    worker.once('exit', (code, signal) => {
      if (bySlot.get(slot) === worker) bySlot.delete(slot);
      if (stopping) {
        if (bySlot.size === 0) resolveDone(exitCode);
        return;
      }
      log.error({ slot, pid: worker.process.pid, code, signal }, 'worker exited');
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0] < now - crashWindowMs) crashes.shift();
      if ((slot === 0 && !listening) || crashes.length > maxCrashes) {
        log.fatal({ slot, crashes: crashes.length }, slot === 0 && !listening ? 'the first worker failed to start; stopping' : 'workers keep crashing; stopping');
        exitCode = 1;
        void stop();
        if (bySlot.size === 0) resolveDone(exitCode);
        return;
      }
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, 500).unref();
    });
    return worker;
  };

  const stop = (): Promise<number> => {
    stopping ??= (async () => {
      const all = [...bySlot.values()];
      if (all.length === 0) {
        resolveDone(exitCode);
        return done;
      }
      for (const w of all) w.process.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const w of bySlot.values()) w.process.kill('SIGKILL');
      }, stopTimeoutMs);
      timer.unref();
      const code = await done;
      clearTimeout(timer);
      return code;
    })();
    return stopping;
  };

  fork(0);
  return { done, stop, workers: () => bySlot };
}

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EstimateAnswer, EstimateRequest } from './common-password.worker';

type Pending = { resolve: (score: number) => void; reject: (e: Error) => void };

/**
 * zxcvbn-ts's guess estimate, in a worker thread started on the first check and ended after
 * `idleMs` without one.
 *
 * Why a worker: the dictionaries take ~45 MB of heap and a check ~5–20 ms of CPU, while password
 * checks are rare (a sign-up, a change, a reset). In the request thread the dictionaries would
 * stay for the life of the process and every check would stall all other requests for its
 * duration. Here the memory is given back when checks stop (the worker's heap goes with it), and
 * a check runs beside the requests. The first check after an idle spell waits for the worker to
 * load the dictionaries (~0.3–0.6 s). Checks are answered in order; a worker that dies fails the
 * checks it held (the caller's request answers an error) and the next check starts a new one.
 */
export class CommonPasswordEstimator {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly idleMs = 10_000,
    private readonly script = path.join(__dirname, 'common-password.worker.js'),
  ) {}

  /** zxcvbn's score, 0 (guessed at once) to 4, of `password` given the user's own words. */
  score(password: string, userInputs: string[]): Promise<number> {
    const worker = this.worker ?? this.start();
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const id = this.nextId++;
    // Held while checks wait (a CLI command must not exit under one), let go when idle.
    if (this.pending.size === 0) worker.ref();
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, password, userInputs } satisfies EstimateRequest);
    });
  }

  /** Whether a worker (and its dictionaries) is loaded now. */
  get loaded(): boolean {
    return this.worker !== null;
  }

  /** Ends the worker now; checks still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.stop(new Error('common-password estimator closed'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.on('message', (m: EstimateAnswer) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(`common-password check failed: ${m.error}`));
      else p.resolve(m.score);
      if (this.pending.size === 0 && this.worker === worker) {
        worker.unref();
        this.armIdle();
      }
    });
    worker.on('error', (e) => {
      if (this.worker === worker) this.stop(e);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stop(new Error(`common-password worker exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private armIdle(): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const worker = this.worker;
      if (!worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private stop(reason: Error): void {
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }
}

import cluster from 'node:cluster';
import { join } from 'node:path';
import { runPrimary } from './cluster/cluster-primary';
import { createLogger } from './common/logging/logger';
import { startupConfigOrExit } from './config/startup-config';
import { readEnvironment } from './config/read-env';

/**
 * `npm start`: one process (main.ts) by default; with CLUSTER_WORKERS above 1 (or `auto` on
 * PostgreSQL with Redis) a small cluster primary and that many workers, each running main.ts.
 * The primary gives its workers MALLOC_ARENA_MAX=2 (see docs/benchmarks.md).
 */
function launch(): void {
  const config = startupConfigOrExit();
  if (config.cluster.workers <= 1 || !cluster.isPrimary) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs main.ts in this process
    require('./main');
    return;
  }
  const logger = createLogger(config.logLevel);
  const primary = runPrimary({
    workers: config.cluster.workers,
    exec: join(__dirname, 'main.js'),
    // Workers share the secret the primary resolved (outside production it may come from a file).
    env: { APP_SECRET: config.appSecret, ...mallocDefaults() },
    logger,
  });
  logger.info({ workers: config.cluster.workers, pid: process.pid }, 'cluster primary started');
  const onSignal = () => void primary.stop();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  void primary.done.then((code) => process.exit(code));
}

/**
 * glibc only (ignored elsewhere); an operator's own value wins. Two malloc arenas instead of up to
 * eight per core, so memory freed by one thread is reused by the next instead of kept per arena.
 */
function mallocDefaults(): Record<string, string> {
  return readEnvironment().MALLOC_ARENA_MAX === undefined ? { MALLOC_ARENA_MAX: '2' } : {};
}

launch();

import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AppLogger } from '../logging/app-logger';

export interface ShutdownOptions {
  /** How long requests in flight may run after the signal before their connections are closed. */
  graceMs: number;
  /** Ends the process (injected so the sequence can be exercised without exiting). */
  exit: (code: number) => void;
}

const DEFAULTS: ShutdownOptions = { graceMs: 10_000, exit: (code) => process.exit(code) };

/**
 * On SIGTERM (or SIGINT): stop accepting connections, let requests in flight finish (up to
 * `graceMs`), then close the application, whose hooks let the outbox worker finish its current
 * message and close the database and Redis pools, and exit 0. A second signal exits at once.
 * Nest's own `enableShutdownHooks` would re-raise the signal and so never exit 0.
 */
export function installGracefulShutdown(app: INestApplication, logger: AppLogger, options: Partial<ShutdownOptions> = {}): void {
  const { graceMs, exit } = { ...DEFAULTS, ...options };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.pino.warn({ signal }, 'second signal: exiting now');
      return exit(1);
    }
    stopping = true;
    logger.pino.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    shutdown(app, logger, graceMs).then(
      () => {
        logger.pino.info('stopped');
        exit(0);
      },
      (e: unknown) => {
        logger.pino.error({ err: e }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function shutdown(app: INestApplication, logger: AppLogger, graceMs: number): Promise<void> {
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections turn idle once their request is answered: close each as it does.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  if ((await Promise.race([closed, late])) === 'late') {
    logger.pino.warn({ graceMs }, 'requests still in flight after the grace period: closing their connections');
    server.closeAllConnections();
    await closed;
  }
  clearInterval(sweep);
  clearTimeout(timer);
  await app.close();
}

/**
 * A promise rejected with nobody listening would end the process (Node's default). Log it
 * instead: one failed background task must not take every request in flight down with it.
 */
export function keepProcessUpOnStrayRejections(logger: AppLogger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    const e = reason as { name?: string; code?: string; message?: string; stack?: string } | null;
    logger.pino.error({ error: { name: e?.name, code: e?.code, message: String(e?.message ?? reason).slice(0, 300), stack: e?.stack?.split('\n').slice(1, 6).join('\n') } }, 'unhandled promise rejection');
  });
}

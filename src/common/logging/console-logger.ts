import type { Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { createLogger } from './logger';

const RULE = '━'.repeat(72);

/**
 * The service's logger on stdout: JSON lines for log collectors, or, when a person watches a
 * terminal, one readable coloured line per entry. Entries marked `banner: true` (the first
 * start's admin password, where the sign-in page and the docs are) are framed so they stand out.
 */
export function createConsoleLogger(level: string, stdout: NodeJS.WriteStream = process.stdout): Logger {
  if (!stdout.isTTY) return createLogger(level, stdout);
  const pretty = pinoPretty({
    destination: stdout,
    colorize: true,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,banner,context',
    messageFormat: (log, messageKey) => {
      const msg = String(log[messageKey] ?? '');
      const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
      return log.banner ? `\n${RULE}\n  ${msg}\n${RULE}` : `${context}${msg}`;
    },
  });
  return createLogger(level, pretty);
}

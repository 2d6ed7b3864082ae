/** Node socket errors that mean the database server cannot be reached (or went away). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs of an unavailable server rather than of a bad statement: connection
 * exceptions (class 08), too many connections, query cancelled (statement_timeout) and
 * the shutdown family (57P01–57P03).
 */
const PG_UNAVAILABLE = /^(08\w{3}|53300|57014|57P0[1-3])$/;

/** SQLite: another process holds the database's write lock past the busy timeout. */
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)(_\w+)?$/;

/** pg and pg-pool raise these as plain Errors, without a code. */
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'Driver not Connected',
];

/**
 * True when an error means "the database is unreachable right now" (answered 503
 * service_unavailable) rather than a bug (answered 500). TypeORM wraps driver errors in
 * `driverError`; both levels are checked.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_UNAVAILABLE.test(code) || SQLITE_BUSY.test(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.includes(m))) return true;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

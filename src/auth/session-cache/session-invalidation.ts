/**
 * Which database writes can change what a session check answers. Any UPDATE or DELETE of
 * `sessions` or `users` does — except those that only touch the columns below, which a session
 * check neither reads nor returns (the lockout counters, a last-seen stamp). Anything this cannot
 * read with certainty counts as a change.
 */
const WRITE = /^\s*(?:UPDATE\s+"?(users|sessions)"?\s+SET\s+([\s\S]*?)(?:\s+WHERE\s|$)|DELETE\s+FROM\s+"?(?:users|sessions)"?(?:\s|$)|TRUNCATE\b)/i;
const INERT_COLUMNS = new Set(['failedLogins', 'lockedUntil', 'lastSeenAt']);

export function invalidatesSessions(sql: unknown): boolean {
  if (typeof sql !== 'string') return false;
  const m = WRITE.exec(sql);
  if (!m) return false;
  if (m[2] === undefined) return true;
  const identifiers = [...m[2].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
  if (identifiers.length === 0) return true;
  return !identifiers.every((c) => INERT_COLUMNS.has(c));
}

/**
 * A statement with every literal and parameter replaced by `?` (and a list of them by `?, …`), so
 * one warning stands for every run of the same code and no value (a hash, an e-mail) reaches the log.
 */
export function statementShape(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\?(?:\s*,\s*\?)+/g, '?, …')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver hands every caller one shared connection, so two requests'
 * transactions would interleave on it: one request's ROLLBACK would erase another's writes.
 * This makes database work on SQLite exclusive: a transaction, or a single query outside one,
 * runs alone; queries issued inside a transaction's callback pass straight through.
 * SQLite has one writer anyway, and better-sqlite3 runs each statement synchronously.
 */
export function serializeSqliteAccess(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const owner = new AsyncLocalStorage<object>();
  let tail: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (owner.getStore()) return work();
    const token = {};
    const run = tail.then(() => owner.run(token, work));
    tail = run.catch(() => undefined);
    return run;
  };

  const runner: QueryRunner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) => exclusive(() => query(...args));

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => exclusive(() => transaction(...args));
}

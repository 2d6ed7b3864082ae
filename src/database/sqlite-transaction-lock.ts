import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * SQLite (better-sqlite3) has one connection, so TypeORM runs concurrent `transaction()` calls
 * on the same query runner: they nest as savepoints of each other and one request's rollback can
 * undo another's commit. This makes transactions take turns: each outermost `transaction()` waits
 * for the previous one, and queries from outside the running transaction wait until it ends
 * (they would otherwise run inside it). PostgreSQL has a pool and needs none of this.
 */
export function serializeSqliteTransactions(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const context = new AsyncLocalStorage<symbol>();
  let holder: symbol | null = null;
  let released: Promise<void> = Promise.resolve();
  let queue: Promise<void> = Promise.resolve();

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (holder !== null && context.getStore() === holder) return transaction(...args);
    const me = Symbol('transaction');
    const previous = queue;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    queue = previous.then(() => done);
    await previous;
    holder = me;
    released = done;
    try {
      return await context.run(me, () => transaction(...args));
    } finally {
      holder = null;
      release();
    }
  }) as EntityManager['transaction'];

  const driver = dataSource.driver as unknown as { createQueryRunner(mode?: string): QueryRunner };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const gated = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode?: string) => {
    const runner = createQueryRunner(mode);
    if (!gated.has(runner)) {
      gated.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = (async (...args: unknown[]) => {
        while (holder !== null && context.getStore() !== holder) await released;
        return query(...args);
      }) as QueryRunner['query'];
    }
    return runner;
  };
  return dataSource;
}

import type { DataSource, EntityManager, EntityTarget, InsertResult, ObjectLiteral, QueryRunner, Repository } from 'typeorm';

interface Pending {
  target: EntityTarget<ObjectLiteral>;
  values: ObjectLiteral | ObjectLiteral[];
}

type Query = QueryRunner['query'];

/**
 * Runs `work` inside the caller's transaction with its row inserts gathered, so that on
 * PostgreSQL consecutive inserts cost one round trip: they are sent as one statement (each insert
 * a data-modifying `WITH` clause of the last one), which is atomic by itself and checks foreign
 * keys at its end, so a row may refer to one inserted beside it.
 *
 * - Only `insert` (of `manager.getRepository(X)` or `manager.insert(X, …)`) is gathered; it
 *   resolves with an empty `InsertResult` (no generated values are read back: callers here set
 *   their own ids and timestamps).
 * - Any other statement on the transaction first sends what is gathered, so reads and updates see
 *   every earlier insert, in order; the rest is sent before `work`'s result is returned.
 * - A failing insert rejects the statement that carried it (and so the transaction).
 * - On SQLite nothing is gathered: a statement costs no round trip there, and all callers share one
 *   query runner (see sqlite-serializer.ts), which this must not patch.
 */
export async function withBatchedInserts<T>(manager: EntityManager, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('withBatchedInserts needs a transaction: call it inside DataSource.transaction');
  // SQLite: a statement costs no round trip, and every caller shares one query runner there, so
  // patching it would reach other requests' statements: run the work as it is.
  if (manager.connection.driver.options.type !== 'postgres') return work(manager);
  return gathering(manager, runner, work, 'send-first');
}

/**
 * For a unit of work that only inserts rows: on PostgreSQL they are sent as one statement with no
 * transaction around it (one statement is atomic by itself), one round trip instead of three; any
 * other statement in `work` is a caller's bug and fails before anything is written. On SQLite
 * `work` simply runs in a transaction.
 */
export async function insertTogether<T>(dataSource: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.driver.options.type !== 'postgres') return dataSource.transaction(work);
  const runner = dataSource.createQueryRunner();
  try {
    return await gathering(runner.manager, runner, work, 'inserts-only');
  } finally {
    await runner.release();
  }
}

async function gathering<T>(manager: EntityManager, runner: QueryRunner, work: (m: EntityManager) => Promise<T>, others: 'send-first' | 'inserts-only'): Promise<T> {
  const pending: Pending[] = [];
  const original: Query = runner.query;
  const send = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const statements = batch.map((p) => manager.createQueryBuilder().insert().into(p.target).values(p.values).updateEntity(false).getQueryAndParameters());
    const [sql, params] = statements.length === 1 ? statements[0] : combinePostgres(statements);
    await original.call(runner, sql, params);
  };
  runner.query = (async (...args: Parameters<Query>) => {
    if (others === 'inserts-only') throw new Error(`insertTogether allows only inserts, not: ${String(args[0]).slice(0, 60)}`);
    await send();
    return original.apply(runner, args);
  }) as Query;
  const empty = (): InsertResult => ({ identifiers: [], generatedMaps: [], raw: [] }) as InsertResult;
  const gather = (target: EntityTarget<ObjectLiteral>, values: ObjectLiteral | ObjectLiteral[]): Promise<InsertResult> => {
    pending.push({ target, values });
    return Promise.resolve(empty());
  };
  const batching = Object.create(manager) as EntityManager;
  batching.insert = ((target: EntityTarget<ObjectLiteral>, values: ObjectLiteral | ObjectLiteral[]) => gather(target, values)) as EntityManager['insert'];
  batching.getRepository = (<E extends ObjectLiteral>(target: EntityTarget<E>): Repository<E> => {
    const repository = Object.create(manager.getRepository(target)) as Repository<E>;
    repository.insert = ((values: ObjectLiteral | ObjectLiteral[]) => gather(target as EntityTarget<ObjectLiteral>, values)) as Repository<E>['insert'];
    return repository;
  }) as EntityManager['getRepository'];
  try {
    const result = await work(batching);
    await send();
    return result;
  } finally {
    pending.length = 0;
    runner.query = original;
  }
}

/**
 * `INSERT a; INSERT b; INSERT c` → `WITH i0 AS (INSERT a), i1 AS (INSERT b) INSERT c`, the `$n`
 * placeholders of each renumbered after those before it. TypeORM writes every value as a
 * parameter, so `$` followed by digits in its SQL is always a placeholder.
 */
export function combinePostgres(statements: Array<[string, unknown[]]>): [string, unknown[]] {
  const params: unknown[] = [];
  const parts = statements.map(([sql, values]) => {
    const offset = params.length;
    params.push(...values);
    return offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
  });
  const last = parts.pop()!;
  return [`WITH ${parts.map((sql, i) => `i${i} AS (${sql})`).join(', ')} ${last}`, params];
}

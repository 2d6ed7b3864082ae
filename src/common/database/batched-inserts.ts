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
 * For a unit of work that only inserts rows: on PostgreSQL they are sent with no transaction around
 * them, and together with the units of other requests that finished gathering in the same turn of
 * the event loop (`InsertGroup`): one statement, one commit and one round trip for all of them,
 * where each request alone would pay its own. Any other statement in `work` is a caller's bug and
 * fails before anything is written. On SQLite `work` simply runs in a transaction.
 */
export async function insertTogether<T>(dataSource: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.driver.options.type !== 'postgres') return dataSource.transaction(work);
  const runner = dataSource.createQueryRunner();
  const group = groups.get(dataSource) ?? groups.set(dataSource, new InsertGroup(dataSource)).get(dataSource)!;
  try {
    return await gathering(runner.manager, runner, work, 'inserts-only', (statements) => group.submit(statements));
  } finally {
    await runner.release();
  }
}

type Statement = [sql: string, params: unknown[]];

const groups = new WeakMap<DataSource, InsertGroup>();

/** PostgreSQL takes at most 65,535 parameters a statement; a group is cut well below that. */
const MAX_GROUP_PARAMS = 20_000;

/** SQLSTATE classes of a statement refused for its data (22: data exception, 23: integrity constraint). */
const isDataError = (e: unknown): boolean => /^2[23]/.test(String((e as { code?: unknown })?.code ?? ''));

/**
 * Inserts-only units of concurrent requests, sent as one statement (each row insert a `WITH`
 * clause, as in `combinePostgres`) once the current turn of the event loop has gathered them.
 * A statement is atomic: every unit of a group is written, or none. When a group is refused for
 * its data (a constraint one unit broke), nothing was written and each unit is sent again on its
 * own, so a unit fails only for its own rows; any other failure (the database away) fails every
 * unit of the group, as each would have failed alone.
 */
export class InsertGroup {
  private queue: Array<{ statements: Statement[]; resolve: () => void; reject: (e: unknown) => void }> = [];

  constructor(private readonly dataSource: DataSource) {}

  submit(statements: Statement[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.queue.push({ statements, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const units = this.queue;
    this.queue = [];
    let group: typeof units = [];
    let params = 0;
    for (const unit of units) {
      const n = unit.statements.reduce((sum, [, p]) => sum + p.length, 0);
      if (group.length > 0 && params + n > MAX_GROUP_PARAMS) {
        void this.send(group);
        group = [];
        params = 0;
      }
      group.push(unit);
      params += n;
    }
    if (group.length > 0) void this.send(group);
  }

  private async send(units: typeof this.queue): Promise<void> {
    try {
      await this.run(units.flatMap((u) => u.statements));
      for (const u of units) u.resolve();
    } catch (e) {
      if (units.length === 1 || !isDataError(e)) {
        for (const u of units) u.reject(e);
        return;
      }
      await Promise.all(units.map((u) => this.run(u.statements).then(u.resolve, u.reject)));
    }
  }

  private async run(statements: Statement[]): Promise<void> {
    const [sql, params] = combinePostgres(statements);
    await this.dataSource.query(sql, params);
  }
}

async function gathering<T>(
  manager: EntityManager,
  runner: QueryRunner,
  work: (m: EntityManager) => Promise<T>,
  others: 'send-first' | 'inserts-only',
  submit?: (statements: Statement[]) => Promise<void>,
): Promise<T> {
  const pending: Pending[] = [];
  const original: Query = runner.query;
  const send = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const statements = batch.map((p) => manager.createQueryBuilder().insert().into(p.target).values(p.values).updateEntity(false).getQueryAndParameters());
    if (submit) return submit(statements);
    const [sql, params] = combinePostgres(statements);
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
 * placeholders of each renumbered after those before it (one statement stays as it is).
 * TypeORM writes every value as a parameter, so `$` followed by digits in its SQL is always a
 * placeholder.
 */
export function combinePostgres(statements: Array<[string, unknown[]]>): [string, unknown[]] {
  if (statements.length === 1) return statements[0];
  const params: unknown[] = [];
  const parts = statements.map(([sql, values]) => {
    const offset = params.length;
    params.push(...values);
    return offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
  });
  const last = parts.pop()!;
  return [`WITH ${parts.map((sql, i) => `i${i} AS (${sql})`).join(', ')} ${last}`, params];
}

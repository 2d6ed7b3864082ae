/**
 * The 1,000,000-user scenario (opt-in: `BENCH_DATABASE_URL=postgres://… npm run bench -- million`).
 * Four users get real argon2id hashes through the service; every other row is a copy of one of
 * them (same hash, so a few passwords reused) made by PostgreSQL itself (INSERT … SELECT over
 * generate_series, in batches), with its own id, login and e-mail. Sign-in and forgot-password
 * latency are measured at 1,000 users and again at BENCH_MILLION_USERS (1,000,000), each request
 * for a random user of the whole range. Bounded: seeding stops at BENCH_MILLION_SEED_S (600 s).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

export interface MillionResult {
  users: number;
  scenario: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: string;
}

export type Load = (
  name: string,
  base: string,
  total: number,
  concurrency: number,
  make: (i: number) => { path: string; init: RequestInit },
) => Promise<{ rps: number; p50: number; p95: number; p99: number; statuses: Record<string, number> }>;

const TEMPLATES = 4;

/** Copies the template users until the realm has `target` users; returns how many it has. */
async function seedTo(ds: DataSource, realmId: string, target: number, deadline: number): Promise<number> {
  const columns = ((await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema() ORDER BY ordinal_position`)) as Array<{ column_name: string }>).map((c) => c.column_name);
  const value = (c: string): string => {
    switch (c) {
      case 'id':
        return `gen_random_uuid()::text`;
      case 'login':
      case 'loginNormalized':
        return `'mbench' || g`;
      case 'email':
      case 'emailNormalized':
        return `'mbench' || g || '@example.org'`;
      case 'phone':
        return 'NULL';
      default:
        return `t."${c}"`;
    }
  };
  // Only the mbench users count (the templates mbench0..3 and their copies, numbered on), so a
  // request for mbench<random below the count> always names an existing user.
  let count = Number(((await ds.query(`SELECT count(*)::int AS n FROM users WHERE "realmId" = $1 AND "loginNormalized" LIKE 'mbench%'`, [realmId])) as Array<{ n: number }>)[0].n);
  let next = count;
  const batch = 50_000;
  while (count < target && performance.now() < deadline) {
    const n = Math.min(batch, target - count);
    await ds.query(
      `INSERT INTO users (${columns.map((c) => `"${c}"`).join(', ')})
       SELECT ${columns.map(value).join(', ')}
       FROM generate_series($1::int, $2::int) AS g
       JOIN users t ON t."realmId" = $3 AND t."loginNormalized" = 'mbench' || (g % ${TEMPLATES})`,
      [next, next + n - 1, realmId],
    );
    next += n;
    count += n;
    process.stderr.write(`\r  seeded ${count.toLocaleString('en')} users`);
  }
  process.stderr.write('\n');
  await ds.query('ANALYZE users');
  return count;
}

export async function runMillion(opts: {
  base: string;
  realm: string;
  realmId: string;
  dataSource: DataSource;
  password: string;
  createTemplate: (login: string, email: string) => Promise<void>;
  load: Load;
}): Promise<MillionResult[]> {
  const { base, realm, dataSource, load } = opts;
  if (dataSource.options.type !== 'postgres') {
    console.log('million: needs PostgreSQL (BENCH_DATABASE_URL=postgres://…), skipped');
    return [];
  }
  const target = Number(process.env.BENCH_MILLION_USERS ?? 1_000_000);
  const deadline = performance.now() + Number(process.env.BENCH_MILLION_SEED_S ?? 600) * 1000;
  for (let i = 0; i < TEMPLATES; i++) await opts.createTemplate(`mbench${i}`, `mbench${i}@example.org`);
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const measure = async (users: number, requests = { login: 300, recovery: 1500 }): Promise<MillionResult[]> => {
    const pick = () => Math.floor(Math.random() * users);
    const login = await load(`login, ${users} users`, base, requests.login, 8, () => ({ path: `/api/v1/realms/${realm}/auth/login`, init: json({ login: `mbench${pick()}`, password: opts.password }) }));
    const recovery = await load(`recovery, ${users} users`, base, requests.recovery, 8, () => {
      const i = pick();
      return { path: `/api/v1/realms/${realm}/recovery/password`, init: json({ login: `mbench${i}`, email: `mbench${i}@example.org` }) };
    });
    return ([
      ['login (argon2id)', login],
      ['forgot-password request', recovery],
    ] as const).map(([scenario, r]) => ({ users, scenario, rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, statuses: JSON.stringify(r.statuses) }));
  };
  const small = await seedTo(dataSource, opts.realmId, 1000, deadline);
  // Unrecorded: the first requests of a process pay for JIT compilation and cold caches, which
  // would make the 1,000-user phase look slower than it is.
  await measure(small, { login: 100, recovery: 500 });
  const out = await measure(small);
  const t0 = performance.now();
  const large = await seedTo(dataSource, opts.realmId, target, deadline);
  console.log(`million: seeded ${large.toLocaleString('en')} users in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return [...out, ...(await measure(large))];
}

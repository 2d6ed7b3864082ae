/**
 * Load scenarios against a real server on 127.0.0.1 (bounded in count and time).
 * Usage: npm run bench [-- scenario ...]   scenarios: login, session, recovery (default: all);
 * `million` (opt-in, PostgreSQL only) compares sign-in and recovery at 1,000 and 1,000,000 users.
 * Uses a fresh SQLite file, or PostgreSQL when BENCH_DATABASE_URL points at a server URL.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import { createTestApp, TestApp } from '../test/helpers/test-app';
import { RealmsService } from '../src/realms/realms.service';
import { createUser, patchRealm } from '../test/helpers/fixtures';
import { runMillion } from './million';
import { createTestDatabase } from '../test/helpers/test-database';

interface Result {
  scenario: string;
  requests: number;
  concurrency: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
}

const PASSWORD = 'bench password long enough 123';

async function load(name: string, base: string, total: number, concurrency: number, make: (i: number) => { path: string; init: RequestInit }): Promise<Result> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + 60_000;
  async function worker() {
    while (next < total && performance.now() < deadline) {
      const i = next++;
      const { path, init } = make(i);
      const t0 = performance.now();
      const res = await fetch(base + path, init);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
  return { scenario: name, requests: latencies.length, concurrency, seconds: Math.round(seconds * 100) / 100, rps: Math.round(latencies.length / seconds), p50: q(0.5), p95: q(0.95), p99: q(0.99), statuses };
}

async function main() {
  const wanted = process.argv.slice(2);
  const run = (s: string) => (wanted.length === 0 ? s !== 'million' : wanted.includes(s));
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const db = await createTestDatabase();
  const t: TestApp = await createTestApp({
    db,
    env: {
      THROTTLE_LOGIN_LIMIT: '1000000',
      THROTTLE_LOGIN_ID_LIMIT: '1000000',
      THROTTLE_RECOVERY_LIMIT: '1000000',
      // BENCH_REDIS_URL: shared rate-limit counters and the session cache, as in production.
      ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `bench-${process.pid}:` } : {}),
    },
  });
  // Benchmarks run on the wall clock, like production.
  t.clock.set(new Date());
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const users = 50;
  for (let i = 0; i < users; i++) await createUser(t, { login: `bench${i}`, password: PASSWORD, email: `bench${i}@example.org`, emailVerified: true });
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const results: Result[] = [];

  if (run('login')) {
    results.push(await load('login (one argon2id verify each)', base, 400, 4, (i) => ({ path: '/api/v1/realms/demo/auth/login', init: json({ login: `bench${i % users}`, password: PASSWORD }) })));
  }
  if (run('session')) {
    const login = await fetch(`${base}/api/v1/realms/demo/auth/login`, json({ login: 'bench0', password: PASSWORD }));
    const { accessToken } = (await login.json()) as { accessToken: string };
    const init: RequestInit = { headers: { authorization: `Bearer ${accessToken}` } };
    await load('warm-up', base, 200, 8, () => ({ path: '/api/v1/realms/demo/auth/session', init }));
    results.push(await load('session check (HMAC; a cache hit with Redis, else one indexed look-up)', base, 5000, 8, () => ({ path: '/api/v1/realms/demo/auth/session', init })));
  }
  if (run('recovery')) {
    const probe = await fetch(`${base}/api/v1/realms/demo/recovery/password`, json({ login: 'bench0', email: 'bench0@example.org' }));
    if (probe.status === 404) {
      console.log('recovery: route not available in this build, skipped');
    } else {
      results.push(await load('recovery request (look-up, then its rows in one statement)', base, 1000, 8, (i) => ({ path: '/api/v1/realms/demo/recovery/password', init: json({ login: `bench${i % users}`, email: `bench${i % users}@example.org` }) })));
    }
  }
  if (run('million')) {
    await patchRealm(t, 'demo', { recoveryCooldownSeconds: 0 });
    const realm = (await t.get(RealmsService).findBySlug('demo', { fresh: true }))!;
    const million = await runMillion({
      base,
      realm: 'demo',
      realmId: realm.id,
      dataSource: t.dataSource,
      password: PASSWORD,
      createTemplate: async (login, email) => void (await createUser(t, { login, password: PASSWORD, email, emailVerified: true })),
      load,
    });
    console.table(million);
  }
  await t.close();
  console.log(`\ndatabase: ${db.kind}, redis: ${process.env.BENCH_REDIS_URL ? 'yes' : 'no'}, node ${process.version}`);
  console.table(results.map((r) => ({ ...r, statuses: JSON.stringify(r.statuses) })));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);

describe('CLUSTER_WORKERS configuration', () => {
  it('one process by default; auto: one worker per core (at most 4) on PostgreSQL with Redis, else one process', () => {
    assert.equal(loadConfig({}).cluster.workers, 1);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'redis://127.0.0.1:6379' }).cluster.workers, 1);
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', CLUSTER_WORKERS: 'auto' }).cluster.workers, 1);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', CLUSTER_WORKERS: 'auto' }).cluster.workers, 1);
    const auto = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'redis://127.0.0.1:6379', CLUSTER_WORKERS: 'auto' }).cluster.workers;
    assert.equal(auto, Math.min(4, availableParallelism()));
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'redis://127.0.0.1:6379', CLUSTER_WORKERS: '3' }).cluster.workers, 3);
  });

  it('refuses several workers on SQLite or without Redis, and nonsense', () => {
    assert.throws(() => loadConfig({ CLUSTER_WORKERS: '2' }), /CLUSTER_WORKERS=2 needs PostgreSQL and REDIS_URL/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', CLUSTER_WORKERS: '2' }), /needs PostgreSQL and REDIS_URL/);
    assert.throws(() => loadConfig({ CLUSTER_WORKERS: 'many' }), /CLUSTER_WORKERS="many" must be auto or an integer/);
  });

  it('the session cache is on only with Redis, and can be turned off', () => {
    assert.equal(loadConfig({}).sessionCache.enabled, false);
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).sessionCache.enabled, true);
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SESSION_CACHE: 'off' }).sessionCache.enabled, false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const children = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('cluster start and stop (npm start on PostgreSQL with Redis)', { skip: REDIS_TEST_URL && ON_POSTGRES && process.platform === 'linux' ? false : 'needs TEST_DATABASE_URL, REDIS_TEST_URL and Linux' }, () => {
  let db: TestDatabase;
  let proc: ChildProcess;
  let port: number;
  let output = '';
  before(async () => {
    db = await createTestDatabase();
    port = await freePort();
    proc = spawn(process.execPath, [join(__dirname, '../../src/launch.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        REDIS_KEY_PREFIX: `cluster-test-${port}:`,
        APP_SECRET: 'cluster-test-secret-cluster-test-secret-0123',
        BOOTSTRAP_ADMIN_PASSWORD: 'Admin-Password-2026-long',
        EMAIL_PROVIDER: 'log',
        EMAIL_FROM: 'noreply@example.org',
        LOG_LEVEL: 'warn',
        CLUSTER_WORKERS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  });
  after(async () => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    await db.drop();
  });

  const ready = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return res.status === 200 ? true : undefined;
    } catch {
      return undefined;
    }
  };

  it('starts two workers behind one port, replaces a worker that dies, and stops them all on SIGTERM', async () => {
    await until('the service to answer', ready, 120_000).catch((e: Error) => assert.fail(`${e.message}\n${output}`));
    const workers = await until('two workers', () => (children(proc.pid!).length === 2 ? children(proc.pid!) : undefined));
    const sessions = await Promise.all(Array.from({ length: 8 }, () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status)));
    assert.deepEqual(new Set(sessions), new Set([200]));

    process.kill(workers[1], 'SIGKILL');
    const replaced = await until('a replacement worker', () => {
      const now = children(proc.pid!);
      return now.length === 2 && !now.includes(workers[1]) ? now : undefined;
    });
    assert.ok(replaced.includes(workers[0]), 'the other worker kept running');
    await until('the service to answer again', ready);

    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    for (const pid of replaced) assert.throws(() => process.kill(pid, 0), 'worker gone');
  });
});

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource, QueryRunner } from 'typeorm';
import type { RequestAuth } from '../../common/http/app-request';
import { AppLogger } from '../../common/logging/app-logger';
import { AppConfig } from '../../config/app-config';
import { invalidatesSessions, statementShape } from './session-invalidation';

/** A live subscription proves itself by hearing its own ping at least this often. */
const PING_MS = 1000;
const PING_DEADLINE_MS = 3000;
/** How long a flush waits for the other live instances to say they applied it. */
const ACK_TIMEOUT_MS = 1000;

/** Distinct unannounced statement shapes warned about; past this, no more warnings (memory stays bounded). */
const MAX_WARNED = 200;

/** One announced unit of work (`invalidating`): open until its work has returned. */
interface Unit {
  open: boolean;
}

type Patched = QueryRunner & {
  __sessionWatch?: true;
  __sessionDirty?: boolean;
  /** The unit, if any, inside which the runner's outermost transaction began. */
  __sessionUnit?: Unit;
};

/**
 * Live sessions cached in this process, keyed by token hash, so a session check costs no query.
 *
 * Correctness across instances: every writer that can change what a session check answers (a
 * session revoked, a user disabled, changed or given a new password) announces it by running its
 * writes, transaction included, inside `invalidating`: this cache is emptied when the unit starts
 * and, once the work has returned (so committed) and before the writer answers, a flush is
 * published on a Redis channel that every other instance empties its own cache on.
 *
 * A guard stays underneath: every process with REDIS_URL (cache on or off, CLI included) watches
 * its own database writes, and a write to `sessions` or `users` that matters (see
 * `invalidatesSessions`) but was not covered by an announcement (none open, or inside a
 * transaction that began outside it) still flushes after its commit as before, and logs one
 * warning per statement shape so the writer that forgot to announce can be found.
 *
 * The cache is used only while that channel is proven live (the process hears its own ping every
 * second; three seconds without one, or any disconnect, empties it and bypasses it until the
 * subscription is back). A look-up that started before a flush never fills the cache (`epoch`).
 * Without REDIS_URL there is no cache at all.
 */
@Injectable()
export class SessionCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, RequestAuth>();
  private epoch = 0;
  private subscribed = false;
  private lastPing = 0;
  private readonly instance = randomUUID();
  private readonly channel: string;
  private sub: Redis | null = null;
  private pub: Redis | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Only write paths touch it: a session check never reads the store. */
  private readonly units = new AsyncLocalStorage<Unit>();
  private openUnits = 0;
  private readonly warned = new Set<string>();
  /** Other instances with a cache, by id: when their ping was last heard. */
  private readonly peers = new Map<string, number>();
  private flushSeq = 0;
  /** Flushes of this instance waiting for acknowledgements: seq → instances still to answer. */
  private readonly awaitingAcks = new Map<number, { pending: Set<string>; done: () => void }>();

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly logger: AppLogger,
  ) {
    this.channel = `${config.redisKeyPrefix}sessions:invalidate`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    // Fail fast, never queue: a flush is awaited by the request that wrote, and Redis may be down or black-holed.
    this.pub = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, enableOfflineQueue: false, commandTimeout: 1000 });
    this.pub.on('error', () => undefined);
    this.watchWrites();
    if (!this.config.sessionCache.enabled) return;
    const sub = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    this.sub = sub;
    sub.on('error', () => undefined);
    sub.on('close', () => this.lost());
    sub.on('message', (_channel: string, message: string) => this.onMessage(message));
    // ioredis subscribes again after a reconnect; the ping proves it did.
    sub.on('ready', () => void sub.subscribe(this.channel).then(() => (this.subscribed = true), () => this.lost()));
    await sub.connect().catch(() => undefined);
    this.timer = setInterval(() => this.ping(), PING_MS);
    this.timer.unref();
    this.ping();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.lost();
    await Promise.all([this.sub, this.pub].map((r) => r?.quit().catch(() => r.disconnect())));
  }

  /** True while a flush published anywhere is sure to reach this process. */
  get usable(): boolean {
    const live = this.subscribed && Date.now() - this.lastPing <= PING_DEADLINE_MS;
    // Whatever was cached before a gap may have missed a flush during it.
    if (!live && this.entries.size > 0) this.clear();
    if (!live) this.epoch++;
    return live;
  }

  /** A copy of the cached session (callers may change their copy), or undefined. */
  get(tokenHash: string): RequestAuth | undefined {
    const hit = this.peek(tokenHash);
    return hit && { ...hit, user: Object.assign(Object.create(Object.getPrototypeOf(hit.user) as object) as object, hit.user) as RequestAuth['user'] };
  }

  /** The cached session itself, not a copy: for a reader that changes nothing (the session check). */
  peek(tokenHash: string): Readonly<RequestAuth> | undefined {
    if (this.entries.size === 0 || !this.usable) return undefined;
    const hit = this.entries.get(tokenHash);
    if (!hit) return undefined;
    // Most recently used last: the first key is the one to evict.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, hit);
    return hit;
  }

  /** Runs `load` and caches a live answer unless a flush arrived meanwhile. */
  async load(tokenHash: string, load: () => Promise<RequestAuth | null>): Promise<RequestAuth | null> {
    const epoch = this.epoch;
    const auth = await load();
    if (auth && this.epoch === epoch && this.usable) {
      if (this.entries.size >= this.config.sessionCache.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(tokenHash, { ...auth, user: Object.assign(Object.create(Object.getPrototypeOf(auth.user) as object) as object, auth.user) as RequestAuth['user'] });
    }
    return auth;
  }

  /**
   * Runs `work` (writes to sessions or users, with their transaction if any) as a change to what
   * session checks answer: this process's cache is emptied now, and once `work` has returned (or
   * failed: some of it may have committed) every instance's cache is flushed before this returns.
   * Nested calls join the outermost, which alone flushes, so a service may announce its own
   * statement and a use case the transaction around it.
   */
  async invalidating<T>(work: () => Promise<T>): Promise<T> {
    if (!this.pub) return work();
    if (this.units.getStore()?.open) return work();
    const unit: Unit = { open: true };
    this.clear();
    this.openUnits++;
    try {
      return await this.units.run(unit, work);
    } finally {
      unit.open = false;
      // On Node < 24 an enabled AsyncLocalStorage hooks every promise in the process: it is
      // enabled only while a unit is open, so session checks in between do not pay for it.
      if (--this.openUnits === 0) this.units.disable();
      await this.flush();
    }
  }

  /**
   * Empties this process's cache, tells every other instance to do the same, and waits until each
   * live one (its ping heard within the deadline) says it has: Redis hands the message to the
   * others' connections, but the publisher's reply can come back, and its request be answered,
   * before another instance has read it (seen in tests: a check on the other instance 0.5 ms
   * ahead of the flush). A peer that does not answer within ACK_TIMEOUT_MS is logged; a process
   * with no subscription of its own (cache off, the CLI) publishes without waiting.
   */
  async flush(): Promise<void> {
    this.clear();
    if (!this.pub) return;
    const seq = ++this.flushSeq;
    const now = Date.now();
    for (const [id, seen] of this.peers) if (now - seen > 60_000) this.peers.delete(id);
    const pending = new Set(this.subscribed ? [...this.peers].filter(([, seen]) => now - seen <= PING_DEADLINE_MS).map(([id]) => id) : []);
    let acked: Promise<void> = Promise.resolve();
    if (pending.size > 0) acked = new Promise<void>((done) => this.awaitingAcks.set(seq, { pending, done }));
    try {
      if (this.pub.status === 'wait') await this.pub.connect();
      await this.pub.publish(this.channel, `flush:${this.instance}:${seq}`);
    } catch (e) {
      this.awaitingAcks.delete(seq);
      // The other instances' subscriptions are on the same Redis: if it cannot take this message,
      // they lose their ping within seconds and stop trusting their caches.
      this.logger.pino.error({ err: e instanceof Error ? e.message : String(e) }, 'session cache: could not publish a flush');
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([acked.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ACK_TIMEOUT_MS)))]);
    clearTimeout(timer);
    this.awaitingAcks.delete(seq);
    if (late) this.logger.pino.warn({ instances: pending.size }, 'session cache: instances did not acknowledge a flush in time');
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  private lost(): void {
    this.subscribed = false;
    this.clear();
  }

  /** `ping:<id>`, `flush:<from>[:<seq>]` (without a seq from an older version), `ack:<to>:<seq>:<by>`. */
  private onMessage(message: string): void {
    const [kind, from, seq, by] = message.split(':');
    if (kind === 'ping') {
      if (from === this.instance) this.lastPing = Date.now();
      else this.peers.set(from, Date.now());
    } else if (kind === 'flush' && from !== this.instance) {
      this.clear();
      if (seq) this.pub?.publish(this.channel, `ack:${from}:${seq}:${this.instance}`).catch(() => undefined);
    } else if (kind === 'ack' && from === this.instance) {
      const waiting = this.awaitingAcks.get(Number(seq));
      if (waiting?.pending.delete(by) && waiting.pending.size === 0) waiting.done();
    }
  }

  private ping(): void {
    if (!this.pub) return;
    if (this.pub.status === 'wait') this.pub.connect().catch(() => undefined);
    this.pub.publish(this.channel, `ping:${this.instance}`).catch(() => undefined);
  }

  /**
   * Hooks every query runner of the data source. A write that matters and that no announcement
   * covers flushes after its commit (as announced ones do), and is reported once per shape.
   */
  private watchWrites(): void {
    const driver = this.dataSource.driver as { createQueryRunner: (mode: unknown) => QueryRunner };
    const create = driver.createQueryRunner.bind(driver);
    const patch = (runner: Patched): QueryRunner => {
      if (runner.__sessionWatch) return runner;
      runner.__sessionWatch = true;
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      const start = runner.startTransaction.bind(runner);
      const commit = runner.commitTransaction.bind(runner);
      const rollback = runner.rollbackTransaction.bind(runner);
      (runner as { query: unknown }).query = async (...args: unknown[]) => {
        if (!invalidatesSessions(args[0])) return query(...args);
        // Flushed now (a reader may not keep what it read before) and again once it is visible.
        this.clear();
        const inTransaction = runner.isTransactionActive;
        const unit = this.units.getStore();
        // An announcement covers a statement only if its commit comes before the unit ends.
        const covered = unit?.open === true && (!inTransaction || runner.__sessionUnit === unit);
        if (!covered) this.unannounced(args[0] as string, unit?.open ? 'in a transaction that began outside the announcement' : 'no announcement');
        try {
          return await query(...args);
        } finally {
          if (!covered) {
            if (inTransaction && runner.isTransactionActive) runner.__sessionDirty = true;
            else await this.flush();
          }
        }
      };
      runner.startTransaction = async (...args: Parameters<QueryRunner['startTransaction']>) => {
        if (!runner.isTransactionActive) runner.__sessionUnit = this.units.getStore();
        await start(...args);
      };
      runner.commitTransaction = async () => {
        try {
          await commit();
        } finally {
          if (!runner.isTransactionActive) {
            runner.__sessionUnit = undefined;
            if (runner.__sessionDirty) {
              runner.__sessionDirty = false;
              await this.flush();
            }
          }
        }
      };
      runner.rollbackTransaction = async () => {
        await rollback();
        if (!runner.isTransactionActive) {
          runner.__sessionDirty = false;
          runner.__sessionUnit = undefined;
        }
      };
      return runner;
    };
    driver.createQueryRunner = (mode: unknown) => patch(create(mode) as Patched);
  }

  /** One warning per statement shape (no values) and reason: a writer forgot `invalidating`. */
  private unannounced(sql: string, reason: string): void {
    const statement = statementShape(sql);
    const key = `${reason}\n${statement}`;
    if (this.warned.has(key) || this.warned.size >= MAX_WARNED) return;
    this.warned.add(key);
    this.logger.pino.warn({ statement, reason }, 'session cache: a write to users/sessions was not announced by its writer (SessionCache.invalidating); the SQL watch flushed it after its commit');
  }
}

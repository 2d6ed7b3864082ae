import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource, QueryRunner } from 'typeorm';
import type { RequestAuth } from '../../common/http/app-request';
import { AppLogger } from '../../common/logging/app-logger';
import { AppConfig } from '../../config/app-config';
import { invalidatesSessions } from './session-invalidation';

/** A live subscription proves itself by hearing its own ping at least this often. */
const PING_MS = 1000;
const PING_DEADLINE_MS = 3000;

type Patched = QueryRunner & { __sessionWatch?: true; __sessionDirty?: boolean };

/**
 * Live sessions cached in this process, keyed by token hash, so a session check costs no query.
 *
 * Correctness across instances: every process with REDIS_URL (cache on or off, CLI included)
 * watches its own database writes; a commit (or a statement outside a transaction) that touched
 * `sessions` or `users` in a way that matters (see `invalidatesSessions`) empties this cache and,
 * before the request that wrote it answers, publishes a flush on a Redis channel that every other
 * instance empties its own cache on. The cache is used only while that channel is proven live
 * (the process hears its own ping every second; three seconds without one, or any disconnect,
 * empties it and bypasses it until the subscription is back). A look-up that started before a
 * flush never fills the cache (`epoch`). Without REDIS_URL there is no cache at all.
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
    if (this.entries.size === 0 || !this.usable) return undefined;
    const hit = this.entries.get(tokenHash);
    if (!hit) return undefined;
    // Most recently used last: the first key is the one to evict.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, hit);
    return { ...hit, user: Object.assign(Object.create(Object.getPrototypeOf(hit.user) as object) as object, hit.user) as RequestAuth['user'] };
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

  /** Empties this process's cache and tells every other instance to do the same. */
  async flush(): Promise<void> {
    this.clear();
    if (!this.pub) return;
    try {
      if (this.pub.status === 'wait') await this.pub.connect();
      await this.pub.publish(this.channel, `flush:${this.instance}`);
    } catch (e) {
      // The other instances' subscriptions are on the same Redis: if it cannot take this message,
      // they lose their ping within seconds and stop trusting their caches.
      this.logger.pino.error({ err: e instanceof Error ? e.message : String(e) }, 'session cache: could not publish a flush');
    }
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  private lost(): void {
    this.subscribed = false;
    this.clear();
  }

  private onMessage(message: string): void {
    if (message === `ping:${this.instance}`) {
      this.lastPing = Date.now();
      return;
    }
    if (message.startsWith('flush:') && message !== `flush:${this.instance}`) this.clear();
  }

  private ping(): void {
    if (!this.pub) return;
    if (this.pub.status === 'wait') this.pub.connect().catch(() => undefined);
    this.pub.publish(this.channel, `ping:${this.instance}`).catch(() => undefined);
  }

  /** Hooks every query runner of the data source: writes that matter flush, after the commit. */
  private watchWrites(): void {
    const driver = this.dataSource.driver as { createQueryRunner: (mode: unknown) => QueryRunner };
    const create = driver.createQueryRunner.bind(driver);
    const patch = (runner: Patched): QueryRunner => {
      if (runner.__sessionWatch) return runner;
      runner.__sessionWatch = true;
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      const commit = runner.commitTransaction.bind(runner);
      const rollback = runner.rollbackTransaction.bind(runner);
      (runner as { query: unknown }).query = async (...args: unknown[]) => {
        if (!invalidatesSessions(args[0])) return query(...args);
        // Flushed now (a reader may not keep what it read before) and again once it is visible.
        this.clear();
        const inTransaction = runner.isTransactionActive;
        try {
          return await query(...args);
        } finally {
          if (inTransaction && runner.isTransactionActive) runner.__sessionDirty = true;
          else await this.flush();
        }
      };
      runner.commitTransaction = async () => {
        try {
          await commit();
        } finally {
          if (runner.__sessionDirty && !runner.isTransactionActive) {
            runner.__sessionDirty = false;
            await this.flush();
          }
        }
      };
      runner.rollbackTransaction = async () => {
        await rollback();
        if (!runner.isTransactionActive) runner.__sessionDirty = false;
      };
      return runner;
    };
    driver.createQueryRunner = (mode: unknown) => patch(create(mode) as Patched);
  }
}

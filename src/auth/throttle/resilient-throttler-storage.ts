import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { AppLogger } from '../../common/logging/app-logger';
import { MetricsService } from '../../health/metrics.service';
import { ThrottleRedisClient } from './throttle-redis.client';

type ThrottleRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** While degraded, how often Redis is asked whether it is back. */
const PROBE_INTERVAL_MS = 1000;

/**
 * Rate-limit counters in Redis (shared by every instance) while Redis answers, and in this
 * instance's memory while it does not: a limit then holds per instance instead of failing open
 * or failing sign-in. The switch is logged once each way and shown by the gauge
 * `rate_limit_store_degraded`; a probe notices when Redis is back and the shared counters resume.
 * Without REDIS_URL the counters are simply in memory (not degraded).
 */
@Injectable()
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly memory = new ThrottlerStorageService();
  private readonly shared: ThrottlerStorageRedisService | null;
  private degraded = false;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ThrottleRedisClient,
    private readonly metrics: MetricsService,
    private readonly logger: AppLogger,
  ) {
    this.shared = client.redis ? new ThrottlerStorageRedisService(client.redis) : null;
    this.metrics.rateLimitStoreDegraded.set(0);
  }

  /** True while counters are per instance because Redis does not answer. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottleRecord> {
    if (this.shared && !this.degraded) {
      try {
        return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch (e) {
        this.degrade(e);
      }
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
    this.memory.onApplicationShutdown();
  }

  private degrade(e: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.metrics.rateLimitStoreDegraded.set(1);
    const err = e as { name?: string; message?: string };
    this.logger.pino.warn(
      { error: { name: err?.name, message: String(err?.message).slice(0, 120) } },
      'Redis does not answer: rate limits fall back to per-instance counters until it does',
    );
    this.probe = setInterval(() => void this.tryResume(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  private async tryResume(): Promise<void> {
    const redis = this.client.redis;
    if (!redis || !this.degraded || redis.status === 'end') return;
    try {
      await redis.ping();
    } catch {
      return;
    }
    if (!this.degraded) return;
    this.degraded = false;
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
    this.metrics.rateLimitStoreDegraded.set(0);
    this.logger.pino.info('Redis answers again: rate limits use the shared counters');
  }
}

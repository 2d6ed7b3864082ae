import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/** The Redis connection for shared throttle counters, when REDIS_URL is set; closed with the app. */
@Injectable()
export class ThrottleRedisClient implements OnModuleDestroy {
  readonly redis: Redis | null;

  constructor(config: AppConfig) {
    // Fail fast while Redis is away (no offline queue, short timeouts): the storage then counts
    // in memory instead of keeping sign-in waiting. ioredis keeps reconnecting in the background.
    this.redis = config.redisUrl
      ? new Redis(config.redisUrl, {
          keyPrefix: `${config.redisKeyPrefix}throttle:`,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          commandTimeout: 500,
          connectTimeout: 1000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
          // A sign-in's counters (per IP and per login name) are asked in the same tick: one write.
          enableAutoPipelining: true,
        })
      : null;
    // Connection errors are reported by the storage (once per outage), not by ioredis on stderr.
    this.redis?.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

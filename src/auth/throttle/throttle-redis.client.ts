import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';

/** The Redis connection for shared throttle counters, when REDIS_URL is set; closed with the app. */
@Injectable()
export class ThrottleRedisClient implements OnModuleDestroy {
  readonly redis: Redis | null;

  constructor(config: AppConfig) {
    // One retry only: while Redis is away a throttled request fails soon instead of hanging.
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { keyPrefix: `${config.redisKeyPrefix}throttle:`, maxRetriesPerRequest: 1 }) : null;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

import { Global, Module } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { SecretBox } from '../../common/crypto/secret-box';
import type { AppRequest } from '../../common/http/app-request';
import { AppConfig } from '../../config/app-config';
import { normalizeLogin } from '../../users/login';
import { AppThrottlerGuard } from './app-throttler.guard';
import { ResilientThrottlerStorage } from './resilient-throttler-storage';
import { ThrottleRedisClient } from './throttle-redis.client';
import { LOGIN_ID, LOGIN_IP, RECOVERY_IP, THROTTLE_TTL_MS } from './throttle-scopes';

@Module({ providers: [ThrottleRedisClient, ResilientThrottlerStorage], exports: [ThrottleRedisClient, ResilientThrottlerStorage] })
class ThrottleRedisModule {}

const requestOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AppRequest>();
const loginOf = (req: AppRequest): unknown => (req.body as { login?: unknown } | undefined)?.login;

function throttlerOptions(config: AppConfig, secrets: SecretBox, storage: ResilientThrottlerStorage): ThrottlerModuleOptions {
  // Keys are keyed hashes: Redis never holds a login name or an IP in clear.
  const key = (...parts: string[]) => secrets.keyedHash('throttle', parts.join('\u0000'));
  return {
    storage,
    // No X-RateLimit headers: they would differ between login names and so tell them apart.
    setHeaders: false,
    throttlers: [
      // Login counters are shared by every sign-in route (API and page): one budget per IP / name.
      { name: LOGIN_IP, ttl: THROTTLE_TTL_MS, limit: config.throttle.loginLimit, generateKey: (_c, ip, name) => key(name, ip) },
      {
        name: LOGIN_ID,
        ttl: THROTTLE_TTL_MS,
        limit: config.throttle.loginIdLimit,
        // Without a login name the request fails validation anyway.
        skipIf: (ctx) => typeof loginOf(requestOf(ctx)) !== 'string',
        getTracker: (req) => `${(req as AppRequest).realm?.id ?? ''}:${normalizeLogin(String(loginOf(req as AppRequest)))}`,
        generateKey: (_c, tracker, name) => key(name, tracker),
      },
      { name: RECOVERY_IP, ttl: THROTTLE_TTL_MS, limit: config.throttle.recoveryLimit, generateKey: (_c, ip, name) => key(name, 'all-recovery-routes', ip) },
    ],
  };
}

/**
 * Rate limits with @nestjs/throttler: counters in Redis (@nest-lab/throttler-storage-redis) when
 * REDIS_URL is set so that all instances share them, in memory otherwise or while Redis does
 * not answer (ResilientThrottlerStorage). Routes opt in with
 * `@LoginThrottle()` / `@RecoveryThrottle()`; the guard is registered globally in AppModule.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottleRedisModule],
      inject: [AppConfig, SecretBox, ResilientThrottlerStorage],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [AppThrottlerGuard],
  exports: [AppThrottlerGuard, ThrottlerModule],
})
export class ThrottleModule {}

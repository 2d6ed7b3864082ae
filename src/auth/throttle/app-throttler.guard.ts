import { ExecutionContext, Injectable } from '@nestjs/common';
import { Resolvable, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../../common/errors/domain-error';
import { THROTTLE_SCOPES, ThrottleScope } from './throttle-scopes';

/**
 * Global throttler guard (after RealmGuard). A route is limited only by the throttlers its
 * decorator names (`@LoginThrottle()`, `@RecoveryThrottle()`), so health, metrics, docs and
 * everything else pass untouched. A refusal is the contract's 429 with Retry-After.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  /**
   * Most routes name no throttler: they pass at once. A route's throttlers are asked together, not
   * one after the other, so a sign-in's two counters cost one round trip to Redis (one write, with
   * the client's auto-pipelining) instead of two. The throttlers are this service's own (limits and
   * windows from the configuration, no per-route overrides), and the first of them in declaration
   * order that refuses gives the answer, as when they were asked in turn.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const scopes = this.scopesOf(context);
    if (!scopes?.length) return true;
    const asked = this.throttlers
      .filter((t) => scopes.includes(t.name as ThrottleScope) && !t.skipIf?.(context))
      .map(async (throttler) => {
        const ttl = await setting(context, throttler.ttl, 'ttl', throttler.name);
        return this.handleRequest({
          context,
          throttler,
          limit: await setting(context, throttler.limit, 'limit', throttler.name),
          ttl,
          blockDuration: await setting(context, throttler.blockDuration ?? ttl, 'blockDuration', throttler.name),
          getTracker: throttler.getTracker ?? this.commonOptions.getTracker ?? ((req) => this.getTracker(req)),
          generateKey: throttler.generateKey ?? this.commonOptions.generateKey ?? ((ctx, tracker, name) => this.generateKey(ctx, tracker, name)),
        });
      });
    const outcomes = await Promise.allSettled(asked);
    for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
    return outcomes.every((o) => o.status === 'fulfilled' && o.value);
  }

  private scopesOf(context: ExecutionContext): ThrottleScope[] | undefined {
    return this.reflector.getAllAndOverride<ThrottleScope[] | undefined>(THROTTLE_SCOPES, [context.getHandler(), context.getClass()]);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(Math.max(1, detail.timeToBlockExpire)) });
  }
}

/** A throttler's number (a value or a function of the request), as the base class resolves it. */
async function setting(context: ExecutionContext, value: Resolvable<number>, option: string, throttler: string | undefined): Promise<number> {
  const n = typeof value === 'function' ? await value(context) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new Error(`Invalid "${option}" for the "${throttler ?? 'default'}" throttler: ${JSON.stringify(n)}`);
  return n;
}

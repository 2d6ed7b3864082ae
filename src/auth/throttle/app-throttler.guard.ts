import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { DomainError } from '../../common/errors/domain-error';
import { THROTTLE_SCOPES, ThrottleScope } from './throttle-scopes';

/**
 * Global throttler guard (after RealmGuard). A route is limited only by the throttlers its
 * decorator names (`@LoginThrottle()`, `@RecoveryThrottle()`), so health, metrics, docs and
 * everything else pass untouched. A refusal is the contract's 429 with Retry-After.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  /** Most routes name no throttler: they pass here, before the per-throttler work of the base class. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.scopesOf(context)?.length) return true;
    return super.canActivate(context);
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (!this.scopesOf(props.context)?.includes(props.throttler.name as ThrottleScope)) return true;
    return super.handleRequest(props);
  }

  private scopesOf(context: ExecutionContext): ThrottleScope[] | undefined {
    return this.reflector.getAllAndOverride<ThrottleScope[] | undefined>(THROTTLE_SCOPES, [context.getHandler(), context.getClass()]);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(Math.max(1, detail.timeToBlockExpire)) });
  }
}

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
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const scopes = this.reflector.getAllAndOverride<ThrottleScope[] | undefined>(THROTTLE_SCOPES, [props.context.getHandler(), props.context.getClass()]);
    if (!scopes?.includes(props.throttler.name as ThrottleScope)) return true;
    return super.handleRequest(props);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('too_many_requests', undefined, {}, { 'Retry-After': String(Math.max(1, detail.timeToBlockExpire)) });
  }
}

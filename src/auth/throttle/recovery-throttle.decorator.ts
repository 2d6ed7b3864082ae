import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequests } from './api-too-many-requests';
import { RECOVERY_IP, THROTTLE_SCOPES } from './throttle-scopes';

/**
 * Put on every recovery route (requests, flow steps, token checks, resets; API and pages): at most
 * THROTTLE_RECOVERY_LIMIT requests a minute per client IP and route, then 429 too_many_requests
 * with Retry-After. Counters live in Redis when REDIS_URL is set, so all instances share them.
 */
export function RecoveryThrottle() {
  return applyDecorators(SetMetadata(THROTTLE_SCOPES, [RECOVERY_IP]), ApiTooManyRequests('THROTTLE_RECOVERY_LIMIT'));
}

import { ApiTooManyRequestsResponse } from '@nestjs/swagger';

/** OpenAPI for a throttled route: 429 too_many_requests with Retry-After. */
export function ApiTooManyRequests(limitVariable: string) {
  return ApiTooManyRequestsResponse({
    description: `too_many_requests (${limitVariable} a minute)`,
    headers: { 'Retry-After': { description: 'Seconds until a request is accepted again', schema: { type: 'integer' } } },
  });
}

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequests } from './api-too-many-requests';
import { LOGIN_ID, LOGIN_IP, THROTTLE_SCOPES } from './throttle-scopes';

/**
 * For sign-in routes (the API login and the sign-in page): THROTTLE_LOGIN_LIMIT a minute per client
 * IP and THROTTLE_LOGIN_ID_LIMIT a minute per login name (the body's `login`, normalised, unknown
 * names counted too). Counters are shared by every route carrying this decorator.
 */
export function LoginThrottle() {
  return applyDecorators(SetMetadata(THROTTLE_SCOPES, [LOGIN_IP, LOGIN_ID]), ApiTooManyRequests('THROTTLE_LOGIN_LIMIT / THROTTLE_LOGIN_ID_LIMIT'));
}

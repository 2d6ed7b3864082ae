import { DomainError } from '../common/errors/domain-error';

/**
 * A port another module implements. Until that module is mounted the admin routes that need it
 * answer 503 service_unavailable instead of keeping the whole service from starting.
 */
export function requirePort<T>(port: T | null | undefined): T {
  if (!port) throw new DomainError('service_unavailable');
  return port;
}

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import type { AppRequest, RequestAuth, RequestRealm } from './app-request';

/** The realm named in the path (resolved by RealmGuard). */
export const CurrentRealm = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestRealm => {
  const realm = ctx.switchToHttp().getRequest<AppRequest>().realm;
  if (!realm) throw new DomainError('realm_not_found');
  return realm;
});

/** The signed-in session (requires the session guard on the route). */
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestAuth => {
  const auth = ctx.switchToHttp().getRequest<AppRequest>().auth;
  if (!auth) throw new DomainError('unauthenticated');
  return auth;
});

/** The client IP as Express computed it (honours TRUST_PROXY). */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AppRequest>().ip ?? '';
});

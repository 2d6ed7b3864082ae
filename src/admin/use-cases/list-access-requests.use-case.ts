import { Injectable } from '@nestjs/common';
import { AccessRequestsService, AccessRequestView } from '../../access-requests/access-requests.service';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/**
 * Access requests in the caller's scope, newest first. An org_admin sees their organisation's
 * requests about users they reach now: never a realm_admin's (even one placed in their
 * organisation), nor one of a user since moved elsewhere.
 */
@Injectable()
export class ListAccessRequestsUseCase {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly scoped: ScopedUsers,
  ) {}

  async execute(scope: AdminScope, status?: 'open' | 'resolved'): Promise<AccessRequestView[]> {
    const items = await this.requests.list({ realmId: scope.realmId, status, organizationId: scope.organizationId ?? undefined });
    if (scope.isRealmAdmin) return items;
    const reachable = await this.scoped.reachableIds(scope, items.map((r) => r.userId));
    return items.filter((r) => reachable.has(r.userId));
  }
}

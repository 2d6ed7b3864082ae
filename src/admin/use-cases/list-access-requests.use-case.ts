import { Injectable } from '@nestjs/common';
import { AccessRequestsService, AccessRequestView } from '../../access-requests/access-requests.service';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/**
 * Access requests in the caller's scope, newest first. An org_admin sees the requests of the
 * users they reach now — their organisation's users, wherever a request was first queued (a
 * pupil who changed class is the new curator's), never a realm_admin's.
 */
@Injectable()
export class ListAccessRequestsUseCase {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly scoped: ScopedUsers,
  ) {}

  async execute(scope: AdminScope, status?: 'open' | 'resolved'): Promise<AccessRequestView[]> {
    if (scope.isRealmAdmin) return this.requests.list({ realmId: scope.realmId, status });
    const reachable = await this.scoped.idsInReach(scope);
    return (await this.requests.list({ realmId: scope.realmId, status })).filter((r) => reachable.has(r.userId));
  }
}

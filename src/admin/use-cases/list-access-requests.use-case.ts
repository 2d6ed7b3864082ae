import { Inject, Injectable, Optional } from '@nestjs/common';
import { AccessRequests, AccessRequestView } from '../access-requests.port';
import type { AdminScope } from '../admin-scope';
import { requirePort } from '../pending-port';

/** Access requests in the caller's scope (an org_admin: their organisation's), newest first. */
@Injectable()
export class ListAccessRequestsUseCase {
  constructor(@Optional() @Inject(AccessRequests) private readonly requestsPort: AccessRequests | null) {}

  execute(scope: AdminScope, status?: 'open' | 'resolved'): Promise<AccessRequestView[]> {
    return requirePort(this.requestsPort).list(scope.realmId, { status, organizationId: scope.organizationId ?? undefined });
  }
}

import { Injectable } from '@nestjs/common';
import { AccessRequestsService, AccessRequestView } from '../../access-requests/access-requests.service';
import type { AdminScope } from '../admin-scope';

/** Access requests in the caller's scope (an org_admin: their organisation's), newest first. */
@Injectable()
export class ListAccessRequestsUseCase {
  constructor(private readonly requests: AccessRequestsService) {}

  execute(scope: AdminScope, status?: 'open' | 'resolved'): Promise<AccessRequestView[]> {
    return this.requests.list({ realmId: scope.realmId, status, organizationId: scope.organizationId ?? undefined });
  }
}

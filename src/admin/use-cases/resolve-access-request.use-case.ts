import { Injectable } from '@nestjs/common';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import type { AdminScope } from '../admin-scope';

/**
 * Resolves an access request in the caller's scope with an optional note (`access_request.resolved`
 * names the admin); one outside it is 404 access_request_not_found like a missing one. Resolving
 * twice changes nothing.
 */
@Injectable()
export class ResolveAccessRequestUseCase {
  constructor(private readonly requests: AccessRequestsService) {}

  async execute(scope: AdminScope, id: string, note: string | null, ip: string | null): Promise<void> {
    await this.requests.resolve({ realmId: scope.realmId, id, actorId: scope.actorId, note, organizationId: scope.organizationId ?? undefined, ip });
  }
}

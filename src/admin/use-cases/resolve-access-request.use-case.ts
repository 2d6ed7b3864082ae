import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import { AccessRequests } from '../access-requests.port';
import type { AdminScope } from '../admin-scope';
import { requirePort } from '../pending-port';

/**
 * Resolves an access request in the caller's scope with an optional note; one outside it is
 * 404 access_request_not_found like a missing one. Resolving twice changes nothing.
 */
@Injectable()
export class ResolveAccessRequestUseCase {
  constructor(
    @Optional() @Inject(AccessRequests) private readonly requestsPort: AccessRequests | null,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, note: string | null, ip: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const request = await requirePort(this.requestsPort).find(scope.realmId, id, manager);
      if (!request || !scope.reachesOrganization(request.organizationId)) throw new DomainError('access_request_not_found');
      if (request.status !== 'open') return;
      if (!(await requirePort(this.requestsPort).resolve(scope.realmId, id, { actorId: scope.actorId, note }, manager))) return;
      await this.audit.record(
        { realmId: scope.realmId, type: 'access_request.resolved', actorId: scope.actorId, userId: request.userId, organizationId: request.organizationId, ip, details: { accessRequestId: id, withNote: note !== null } },
        manager,
      );
    });
  }
}

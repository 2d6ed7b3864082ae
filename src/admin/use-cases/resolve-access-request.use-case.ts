import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessRequestsService } from '../../access-requests/access-requests.service';
import { DomainError } from '../../common/errors/domain-error';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/**
 * Resolves an access request in the caller's scope with an optional note (`access_request.resolved`
 * names the admin); one about a user the caller does not reach now (another organisation's, a
 * realm_admin) is 404 access_request_not_found like a missing one. Resolving twice
 * changes nothing. The row and its audit event are written in one transaction.
 */
@Injectable()
export class ResolveAccessRequestUseCase {
  constructor(
    private readonly requests: AccessRequestsService,
    private readonly scoped: ScopedUsers,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, note: string | null, ip: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!scope.isRealmAdmin) {
        const row = await this.requests.find(scope.realmId, id, undefined, manager);
        if (!row || !(await this.scoped.reachableIds(scope, [row.userId], manager)).has(row.userId)) throw new DomainError('access_request_not_found');
      }
      await this.requests.resolve({ realmId: scope.realmId, id, actorId: scope.actorId, note, ip }, manager);
    });
  }
}

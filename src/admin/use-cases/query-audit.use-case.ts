import { Injectable } from '@nestjs/common';
import type { AuditEventType } from '../../audit/audit-event-types';
import { AuditQueryService } from '../../audit/audit-query.service';
import type { AuditEventEntity } from '../../audit/entities/audit-event.entity';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit log, newest first, 50 a page. An org_admin sees only events about the users they
 * reach now (their organisation's, realm_admins left out — the same rule as `userId=`, so a
 * user's whole history moves with them); a `userId` outside the caller's reach is 404 user_not_found.
 */
@Injectable()
export class QueryAuditUseCase {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly scoped: ScopedUsers,
  ) {}

  async execute(scope: AdminScope, input: { userId?: string; type?: AuditEventType; page?: number }): Promise<{ items: AuditEventEntity[]; total: number; page: number; pageSize: number }> {
    if (input.userId !== undefined) await this.scoped.get(scope, input.userId);
    const page = input.page ?? 1;
    const result = await this.audit.page(
      {
        realmId: scope.realmId,
        subjectIn: scope.isRealmAdmin ? undefined : this.scoped.reachSubquery(scope),
        userId: input.userId,
        type: input.type,
      },
      page,
      AUDIT_PAGE_SIZE,
    );
    return { ...result, page, pageSize: AUDIT_PAGE_SIZE };
  }
}

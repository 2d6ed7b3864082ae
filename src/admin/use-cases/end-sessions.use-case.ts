import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Sessions } from '../../auth/sessions.port';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/** Ends every session of a user in the caller's scope; audit `session.ended` naming the admin. */
@Injectable()
export class EndSessionsUseCase {
  constructor(
    private readonly scoped: ScopedUsers,
    private readonly sessions: Sessions,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, ip: string | null): Promise<void> {
    await this.sessions.invalidating(() => this.dataSource.transaction(async (manager) => {
      const user = await this.scoped.get(scope, id, manager);
      const ended = await this.sessions.revokeAllForUser(user.id, { manager });
      await this.audit.record(
        { realmId: scope.realmId, type: 'session.ended', actorId: scope.actorId, userId: user.id, organizationId: user.organizationId, ip, details: { reason: 'admin', sessionsEnded: ended } },
        manager,
      );
    }));
  }
}

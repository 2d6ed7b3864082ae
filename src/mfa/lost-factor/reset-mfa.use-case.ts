import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AdminScope } from '../../admin/admin-scope';
import { ScopedUsers } from '../../admin/scoped-users.service';
import { Sessions } from '../../auth/sessions.port';
import { MfaChallengesService } from '../mfa-challenges.service';
import { MfaFactorsService } from '../mfa-factors.service';

/**
 * An admin in scope removes every factor and recovery code of a user (their answer to a lost
 * factor): the user's sessions end, they are notified, `mfa.reset` names the admin.
 */
@Injectable()
export class ResetMfaUseCase {
  constructor(
    private readonly scoped: ScopedUsers,
    private readonly factors: MfaFactorsService,
    private readonly challenges: MfaChallengesService,
    private readonly sessions: Sessions,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, ip: string | null): Promise<void> {
    await this.sessions.invalidating(() => this.dataSource.transaction(async (m) => {
      const user = await this.scoped.get(scope, id, m);
      await this.factors.removeAll(user, m);
      await this.challenges.dropForUser(user.id, ['sign-in', 'register', 'assert'], m);
      const ended = await this.sessions.revokeAllForUser(user.id, { manager: m });
      await this.factors.record({ realmId: scope.realmId, settings: scope.realm.settings, user, type: 'mfa.reset', notice: 'mfa-reset', actorId: scope.actorId, ip, details: { sessionsEnded: ended } }, m);
    }));
  }
}

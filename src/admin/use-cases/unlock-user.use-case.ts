import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountLockout } from '../../auth/sessions.port';
import type { AdminScope } from '../admin-scope';
import { ScopedUsers } from '../scoped-users.service';

/** Lifts a lockout and clears failed sign-ins; the lockout records `account.unlocked` naming the admin. */
@Injectable()
export class UnlockUserUseCase {
  constructor(
    private readonly scoped: ScopedUsers,
    private readonly lockout: AccountLockout,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, ip: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.scoped.get(scope, id, manager);
      await this.lockout.unlock({ realmId: scope.realmId, userId: user.id, organizationId: user.organizationId, actorId: scope.actorId, ip }, manager);
    });
  }
}

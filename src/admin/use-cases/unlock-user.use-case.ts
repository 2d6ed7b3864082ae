import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountLockout } from '../../auth/sessions.port';
import type { AdminScope } from '../admin-scope';
import { requirePort } from '../pending-port';
import { ScopedUsers } from '../scoped-users.service';

/** Lifts a lockout and clears failed sign-ins; the lockout records `account.unlocked` naming the admin. */
@Injectable()
export class UnlockUserUseCase {
  constructor(
    private readonly scoped: ScopedUsers,
    @Optional() @Inject(AccountLockout) private readonly lockoutPort: AccountLockout | null,
    private readonly dataSource: DataSource,
  ) {}

  async execute(scope: AdminScope, id: string, ip: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.scoped.get(scope, id, manager);
      await requirePort(this.lockoutPort).unlock({ realmId: scope.realmId, userId: user.id, organizationId: user.organizationId, actorId: scope.actorId, ip }, manager);
    });
  }
}

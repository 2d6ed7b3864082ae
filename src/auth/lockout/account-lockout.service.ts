import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../common/time/clock';
import type { RealmSettings } from '../../realms/realm-settings';
import { UserEntity } from '../../users/entities/user.entity';
import { UsersService } from '../../users/users.service';
import { AccountLockout } from '../sessions.port';

/** Matches no user (ids are random v4 UUIDs). */
const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * Per-account lockout: after `maxFailures` consecutive wrong passwords the account is locked for
 * `durationSeconds` (always time-based). Counters change only through conditional UPDATEs, so
 * parallel attempts can neither lose a failure nor lock (and audit) the account twice.
 */
@Injectable()
export class AccountLockoutService extends AccountLockout {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    super();
  }

  isLocked(user: Pick<UserEntity, 'lockedUntil'>, now: Date = this.clock.now()): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
  }

  /**
   * Counts one wrong password; locks the account when this one reaches the limit. Returns true when
   * it locked. With `user` null (unknown login, or a refusal that does not count) the very same
   * statements run against an id that matches nothing: every refusal then costs the same database
   * work, so response times do not tell an unknown login from a wrong password.
   */
  async recordFailure(settings: RealmSettings, user: UserEntity | null, ip: string | null, manager?: EntityManager): Promise<boolean> {
    const now = this.clock.now();
    const { maxFailures, durationSeconds } = settings.lockout;
    const qb = () => this.users.repo(manager).createQueryBuilder().update(UserEntity).where('id = :id', { id: user?.id ?? NO_USER });
    const notLocked = '("lockedUntil" IS NULL OR "lockedUntil" <= :now)';
    await qb().set({ failedLogins: () => '"failedLogins" + 1' }).andWhere(notLocked, { now }).execute();
    // The counter restarts with the lock, so the account gets a fresh set of attempts once it expires.
    const until = new Date(now.getTime() + durationSeconds * 1000);
    const locked = await qb().set({ failedLogins: 0, lockedUntil: until }).andWhere('"failedLogins" >= :max', { max: maxFailures }).andWhere(notLocked, { now }).execute();
    if (!locked.affected || !user) return false;
    await this.audit.record(
      { realmId: user.realmId, type: 'account.locked', userId: user.id, organizationId: user.organizationId, ip, details: { failures: maxFailures, lockedUntil: until.toISOString() } },
      manager,
    );
    return true;
  }

  /** After a successful sign-in: the consecutive-failure count starts again (writes only when needed). */
  async reset(userId: string, manager?: EntityManager): Promise<void> {
    await this.users
      .repo(manager)
      .createQueryBuilder()
      .update(UserEntity)
      .set({ failedLogins: 0, lockedUntil: null })
      .where('id = :id', { id: userId })
      .andWhere('("failedLogins" <> 0 OR "lockedUntil" IS NOT NULL)')
      .execute();
  }

  async unlock(input: { realmId: string; userId: string; organizationId: string | null; actorId: string | null; ip?: string | null }, manager?: EntityManager): Promise<void> {
    await this.reset(input.userId, manager);
    await this.audit.record(
      { realmId: input.realmId, type: 'account.unlocked', userId: input.userId, organizationId: input.organizationId, actorId: input.actorId, ip: input.ip ?? null },
      manager,
    );
  }
}

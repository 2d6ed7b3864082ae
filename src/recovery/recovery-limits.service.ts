import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/time/clock';

const TABLE = 'recovery_counters';
export const DAY_SECONDS = 24 * 3600;

/** What a counter counts, for one account subject (or phone) of a realm. */
export type LimitScope = `cooldown:${string}` | 'sms' | 'sms-phone' | 'code';

export interface LimitKey {
  realmId: string;
  scope: LimitScope;
  /** Keyed hash naming the account (`RecoveryFlowsService.subjectKey`) or the phone (`phoneKey`). */
  subject: string;
}

export type Taken = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Cooldowns and daily caps kept in `recovery_counters`, one row per (realm, scope, subject):
 * every check is a conditional `UPDATE` of that row (after an insert that ignores a row already
 * there), so concurrent requests — on PostgreSQL too — cannot both pass a check meant for one.
 * Real and decoy flows are counted alike: the key never depends on whether the account exists.
 * Pass the transaction's manager to hold the row until the work it guards commits.
 */
@Injectable()
export class RecoveryLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims the cooldown slot: true when nothing claimed it in the last `seconds` (the caller may
   * send), false within the cooldown. `seconds` 0 turns the cooldown off.
   */
  async claimCooldown(key: LimitKey, seconds: number, manager?: EntityManager): Promise<boolean> {
    if (seconds <= 0) return true;
    const now = this.clock.now().getTime();
    const id = await this.ensure(key, 0, manager);
    const result = await this.qb(manager).update(TABLE).set({ resetAt: now + seconds * 1000 }).where('"id" = :id AND "resetAt" <= :now', { id, now }).execute();
    return (result.affected ?? 0) === 1;
  }

  /**
   * Counts one use against a cap of `max` a window of `windowSeconds` (the window starts with its
   * first use): `{ok: false, retryAfterSeconds}` once the cap is reached, counting nothing more.
   */
  async take(key: LimitKey, max: number, windowSeconds: number, manager?: EntityManager): Promise<Taken> {
    const now = this.clock.now().getTime();
    const next = now + windowSeconds * 1000;
    const id = await this.ensure(key, next, manager);
    await this.qb(manager).update(TABLE).set({ count: 0, resetAt: next }).where('"id" = :id AND "resetAt" <= :now', { id, now }).execute();
    const counted = await this.qb(manager)
      .update(TABLE)
      .set({ count: () => '"count" + 1' })
      .where('"id" = :id AND "count" < :max', { id, max })
      .execute();
    if ((counted.affected ?? 0) === 1) return { ok: true };
    const row = (await this.qb(manager).select('"resetAt"', 'resetAt').from(TABLE, 'c').where('"id" = :id', { id }).getRawOne()) as { resetAt: string | number } | undefined;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((Number(row?.resetAt ?? next) - now) / 1000)) };
  }

  /** Deletes counters whose window or cooldown ended before `before`. */
  async purgeExpired(before: Date): Promise<number> {
    const result = await this.qb().delete().from(TABLE).where('"resetAt" < :t', { t: before.getTime() }).execute();
    return result.affected ?? 0;
  }

  private qb(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).createQueryBuilder();
  }

  /** The row's id, inserted (count 0) unless it is there already; never fails on a concurrent insert. */
  private async ensure(key: LimitKey, resetAt: number, manager?: EntityManager): Promise<string> {
    const id = `${key.realmId}:${key.scope}:${key.subject}`;
    await this.qb(manager).insert().into(TABLE, ['id', 'realmId', 'count', 'resetAt']).values({ id, realmId: key.realmId, count: 0, resetAt }).orIgnore().execute();
    return id;
  }
}
